from django.apps import AppConfig


class SitepagesConfig(AppConfig):
    """The site's own pages anyone may read: the accessibility statement and the privacy
    notice, written by the council."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "perfmgmt.sitepages"
    label = "sitepages"
    verbose_name = "Site pages"
