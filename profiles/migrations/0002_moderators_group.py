"""Create the Moderators group with only the permissions moderation needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
PERMISSIONS = [
    ("profiles", "moderate_feedback"),
    ("profiles", "view_feedback"),
    ("profiles", "change_feedback"),
    ("profiles", "view_feedbackqueue"),
    ("profiles", "change_feedbackqueue"),
    ("profiles", "view_acceptedfeedback"),
    ("profiles", "change_acceptedfeedback"),
    ("profiles", "view_feedbackhistory"),
    ("profiles", "view_changelogentry"),
]


def forwards(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    perms = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in PERMISSIONS
    ]
    group.permissions.set(perms)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
