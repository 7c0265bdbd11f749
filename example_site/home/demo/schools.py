"""What the national annuaire does not publish about the demo schools (hours, direction, phone, e-mail,
ENT), from ``ecoles-fiches.json``, so that their cards show what the demo home page promises.

A commune fills these fields in the admin (Écoles); the demo takes them from a file, and writes them
on every load so that an edited demo comes back to its published state.
"""

import json

from mon_enfant.models import School

DETAILS_FILE = "ecoles-fiches.json"
FIELDS = ("director", "opening_hours", "phone", "email", "ent_url", "website", "accessibility")


def load_school_details(command, commune, folder):
    path = folder / DETAILS_FILE
    if not path.is_file():
        return
    details = json.loads(path.read_text(encoding="utf-8"))["schools"]
    schools = School.objects.filter(commune=commune, uai__in=details)
    for school in schools:
        values = {field: value for field, value in details[school.uai].items() if field in FIELDS}
        for field, value in values.items():
            setattr(school, field, value)
        school.full_clean()
        school.save(update_fields=[*values, "updated_at"])
    command.stdout.write(f"Fiches des écoles complétées : {len(schools)}.")
