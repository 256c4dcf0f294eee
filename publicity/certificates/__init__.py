"""Printable, verifiable credit query certificates (信用信息查询结果).

The flow, in order (seed task (五): 打印查询结果 存档备查):

1. `services.certificate_issue` saves a `Certificate` first: an unguessable number, a serial,
   the subject, purpose, requesting organisation, requester IP, time, and a JSON snapshot of
   exactly what is certified (`snapshot.build_snapshot`, which selects records only through
   `publicity.rules.publishable`).
2. `render.render_pdf` turns that record (never the live records) into an archival PDF/A.
3. `signing.sign_pdf` adds a PAdES signature; the SHA-256 of the signed file is stored.
4. `/verify/<number>` reads the record, so later changes to the subject's records never change
   what a verified certificate shows; an uploaded file is genuine when its SHA-256 equals the
   stored one and its signature validates.
"""
