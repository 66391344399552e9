import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    for model, fields in (("Entry", ("public_id", "location_public_id")), ("TaxonomyTerm", ("public_id",))):
        Model = apps.get_model("submissions", model)
        for row in Model.objects.all():
            for field in fields:
                setattr(row, field, uuid.uuid4())
            row.save(update_fields=list(fields))


class Migration(migrations.Migration):
    """Adds the Open Referral UK identifiers: nullable first, filled one by one, then unique."""

    dependencies = [("submissions", "0005_service_details")]

    operations = [
        migrations.AddField("entry", "public_id", models.UUIDField(null=True, editable=False)),
        migrations.AddField("entry", "location_public_id", models.UUIDField(null=True, editable=False)),
        migrations.AddField("taxonomyterm", "public_id", models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField("entry", "public_id",
                              models.UUIDField(default=uuid.uuid4, unique=True, editable=False)),
        migrations.AlterField("entry", "location_public_id",
                              models.UUIDField(default=uuid.uuid4, unique=True, editable=False)),
        migrations.AlterField("taxonomyterm", "public_id",
                              models.UUIDField(default=uuid.uuid4, unique=True, editable=False)),
    ]
