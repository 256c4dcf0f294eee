"""System checks for what PDF rendering needs from the operating system."""

import ctypes.util

from django.core.checks import Warning, register


@register()
def harfbuzz_subset_check(app_configs, **kwargs):
    if ctypes.util.find_library("harfbuzz-subset"):
        return []
    return [
        Warning(
            "libharfbuzz-subset is missing: PDF certificates will subset CJK fonts with fontTools "
            "and take seconds each.",
            hint="apt-get install libharfbuzz-subset0",
            id="portal.W001",
        )
    ]


@register()
def cjk_font_check(app_configs, **kwargs):
    import subprocess

    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    if "Noto" in out or "CJK" in out:
        return []
    return [
        Warning(
            "No CJK font found (fc-list :lang=zh): Chinese text in PDFs will not render.",
            hint="apt-get install fonts-noto-cjk",
            id="portal.W002",
        )
    ]
