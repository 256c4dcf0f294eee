from django.conf import settings

FOOTER_SETTINGS = (
    "SITE_IDENTIFIER",
    "SITE_ICP_NUMBER",
    "SITE_PUBLIC_SECURITY_NUMBER",
    "SITE_OWNER",
)


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, **{name: getattr(settings, name) for name in FOOTER_SETTINGS}}
