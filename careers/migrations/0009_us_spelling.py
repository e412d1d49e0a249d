# Our own words are U.S. English: two field names said "licence".

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0008_search_terms"),
    ]

    operations = [
        migrations.RenameField(
            model_name="education", old_name="licence_required", new_name="license_required"
        ),
        migrations.RenameField(model_name="datasource", old_name="licence", new_name="license"),
        migrations.AlterField(
            model_name="education",
            name="license_required",
            field=models.CharField(
                blank=True,
                help_text="What is required, or blank when unknown.",
                max_length=255,
                verbose_name="license or certification",
            ),
        ),
    ]
