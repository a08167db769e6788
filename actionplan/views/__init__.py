"""Action-plan pages, by topic. Thin: check the form, get the object, call the service, show
the result. ``actionplan/urls.py`` names each module's views."""
