"""Submitting the public form the way a browser does: fetch the form, solve the challenge, post."""

import re

from complaints import challenge

URL = "/complaints/new/"


def form_tokens(response) -> dict:
    html = response.content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    pow_challenge = re.search(r'name="pow_challenge" value="([^"]+)"', html).group(1)
    return {"form_token": token, "pow_challenge": pow_challenge, "pow_nonce": challenge.solve(pow_challenge)}


def fields(**kw) -> dict:
    data = {
        "kind": "complaint",
        "subject_name": "西安鼎盛商贸有限公司",
        "subject_uscc": "",
        "category": "contract",
        "title": "预付款后拒不发货",
        "facts": "2026年3月预付货款2万元，对方至今未发货，多次催促无果。",
        "demand": "退还货款",
        "complainant_name": "李娜",
        "complainant_phone": "13900000001",
        "complainant_email": "lina@example.cn",
        "agree": "on",
    }
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


def post_form(client, files=(), **kw):
    """GET the form, then POST it with the solved challenge. Returns (response, posted data)."""
    data = {**form_tokens(client.get(URL)), **fields(**kw)}
    if files:
        data["attachments"] = list(files)
    return client.post(URL, data), data
