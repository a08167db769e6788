from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

username_validator = RegexValidator(
    r"^[a-zA-Z0-9._-]{3,40}$",
    _("Use 3 to 40 letters, numbers, dots, dashes or underscores. No spaces or other symbols."),
)
username_validators = [username_validator]
