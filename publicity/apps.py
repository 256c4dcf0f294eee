from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _forget_published_counts(sender, **kwargs):
    from publicity.selectors import forget_published_counts

    forget_published_counts()


def _log_credit_check(sender, **kwargs):
    from publicity.certificates.services import api_check_log

    api_check_log(**kwargs)


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("信用公示")

    def ready(self):
        # records never imports publicity: it reaches the rules and the counts through these.
        from publicity import rules
        from records import visibility
        from records.signals import credit_checked, published_records_changed

        visibility.provide(
            publishable=rules.publishable, visible_q=rules.visible_q, window_ended_q=rules.window_ended_q
        )
        published_records_changed.connect(_forget_published_counts, dispatch_uid="publicity.counts")
        credit_checked.connect(_log_credit_check, dispatch_uid="publicity.query_log")
