from django.apps import AppConfig


class CouncilConfig(AppConfig):
    """The council's view: dashboard, sufficiency and the annual report."""

    name = "council"
    verbose_name = "The council's view"
