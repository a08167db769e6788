from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import hooks

        # Every app's hooks.py, once: home sections, navigation, to-dos, personal data,
        # action sources and demo data (see core/hooks.py).
        hooks.autodiscover()
        # Every app's jobs.py: the kinds of background job it can run (core/jobs.py).
        autodiscover_modules("jobs")
        _choice_messages_that_say_what_to_do()


def _choice_messages_that_say_what_to_do() -> None:
    """Django's "Select a valid choice. That choice is not one of the available choices." does
    not say what to do (issue 16). It shows when an answer was not among the options (a page
    open while the options changed); every choice field in the portal says instead to pick
    one of the options on the page. A field's own ``invalid_choice`` message still wins."""
    from django import forms
    from django.utils.translation import gettext_lazy as _

    one = _("Select one of the options shown")
    some = _("Select only the options shown")
    forms.ChoiceField.default_error_messages["invalid_choice"] = one
    forms.ModelChoiceField.default_error_messages["invalid_choice"] = one
    forms.MultipleChoiceField.default_error_messages["invalid_choice"] = some
    forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"] = some
    forms.ModelMultipleChoiceField.default_error_messages["invalid_pk_value"] = some
