from django.db import migrations

# What the council's admins may do in the Django admin, beyond moderating: keep providers and
# the taxonomy lists, and see (not edit) accounts. Moderators need no model permissions: their
# pages check the role predicates in portal/roles.py.
ADMIN_PERMISSIONS = [
    ("portal", "provider", ["add", "change", "view"]),
    ("portal", "user", ["view"]),
    ("portal", "membership", ["view"]),
    ("portal", "auditevent", ["view"]),
    ("submissions", "taxonomyterm", ["add", "change", "view"]),
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admins, _ = Group.objects.get_or_create(name="Local Offer admins")
    for app_label, model, actions in ADMIN_PERMISSIONS:
        admins.permissions.add(*Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions]))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_audit_events"),
        ("submissions", "0004_review_cycle"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
