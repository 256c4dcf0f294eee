import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Each server process loads the certificate fonts and the signing key as it starts, not on its
# first certificate (publicity.certificates.render.warm_up).
from django.conf import settings  # noqa: E402

if settings.CERTIFICATE_WARM_UP:
    from publicity.certificates.render import warm_up  # noqa: E402

    warm_up()
