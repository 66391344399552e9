import django.contrib.postgres.search
from django.db import migrations

INDEX = "submissions_entry_search_document_gin"


def index_and_fill(apps, schema_editor):
    # PostgreSQL only: SQLite keeps no document (its search matches words directly), and a GIN
    # index cannot be declared in the model's Meta without breaking SQLite's migrations.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX {INDEX} ON submissions_entry USING gin (search_document)")
    from submissions.services import entries_search_document_refresh

    entries_search_document_refresh()


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('submissions', '0007_service_listing_and_report'),
        ('portal', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='entry',
            name='search_document',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(index_and_fill, drop_index),
    ]
