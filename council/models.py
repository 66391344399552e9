from django.db import models


class AreaLevel(models.TextChoices):
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    LOCAL_AUTHORITY = "local_authority", "Local authority"


class EhcPlanCount(models.Model):
    """Children and young people with an education, health and care plan in January of one
    academic year, in one area and age group, by the primary need named in the plan: one row
    of the DfE statistics (SEN2, "sen_needs_all_plans"). Written only by the importer."""

    # Year, area and age group together, so that a second import finds the row again.
    key = models.CharField(max_length=80, unique=True)
    time_period = models.CharField(max_length=6, help_text="The academic year as DfE write it: 202425")
    area_level = models.CharField(max_length=20, choices=AreaLevel.choices)
    area_code = models.CharField(max_length=9, db_index=True)
    area_name = models.CharField(max_length=100)
    # As the file gives it: "All EHC plans", "under 3", "age 3" ... "age 25".
    age_group = models.CharField(max_length=20)
    plans = models.PositiveIntegerField(null=True, help_text="All plans in this area and age group")
    # DfE's primary need codes (asd, semh, ..., need_unknown) to the number of plans; None
    # where DfE mark the figure unavailable.
    plans_by_need = models.JSONField(default=dict)

    class Meta:
        ordering = ["time_period", "area_code", "age_group"]
        verbose_name = "EHC plan count"

    def __str__(self):
        return f"{self.area_name}, {self.age_group}, {self.time_period}"
