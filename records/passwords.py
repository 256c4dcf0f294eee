"""Password rules for staff accounts beyond Django's defaults."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = [
    ("upper", lambda c: c in string.ascii_uppercase),
    ("lower", lambda c: c in string.ascii_lowercase),
    ("digit", lambda c: c.isdigit()),
    ("symbol", lambda c: not c.isalnum()),
]


class CharacterClassesValidator:
    """At least `min_classes` of: upper case, lower case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(1 for _name, test in CLASSES if any(test(c) for c in password))
        if present < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("密码须至少包含大写字母、小写字母、数字、符号中的%(n)d类。") % {"n": self.min_classes}
