"""Import a Label Studio export into a real, fresh Label Studio (run with *its* Python).

``python labelstudio_driver.py DATA_DIR EMAILS TASKS.json [TASKS.json ...]``: migrates a fresh
SQLite database in DATA_DIR, creates the importing user and one user per address in EMAILS
(comma-separated, may be empty); then, per file, a project whose labeling config names every
label in it, posts the file to ``/api/projects/<id>/import`` as the web UI does, and prints one
JSON line: the HTTP status, the response, and what Label Studio stored (tasks, annotations
with their ``completed_by`` email and result spans, predictions). Not a test module: ``test_consumers.py`` runs it when Label Studio is installed.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(data_dir: str, emails: str, *task_files: str) -> None:
    import label_studio

    sys.path.insert(0, os.path.dirname(label_studio.__file__))
    os.environ["LABEL_STUDIO_BASE_DATA_DIR"] = data_dir
    os.environ["DJANGO_DB"] = "sqlite"
    os.environ["DATABASE_NAME"] = str(Path(data_dir) / "ls.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "core.settings.label_studio"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ["LATEST_VERSION_CHECK"] = "false"  # no network
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from organizations.models import Organization
    from rest_framework.test import APIClient
    from users.models import User

    owner = User.objects.create_user(email="importer@example.org", password="x-importer-1")
    org = Organization.create_organization(created_by=owner, title="curator test")
    owner.active_organization = org
    owner.save()
    for email in filter(None, emails.split(",")):
        user = User.objects.create_user(email=email, password="x-user-1")
        org.add_user(user)
    client = APIClient()
    client.force_authenticate(owner)
    for path in task_files:
        print(json.dumps(_import(client, owner, org, Path(path).read_text(encoding="utf-8"))))


def _import(client, owner, org, raw: str) -> dict:  # type: ignore[no-untyped-def]
    from projects.models import Project
    from tasks.models import Annotation, Prediction, Task

    labels = sorted({
        label
        for task in json.loads(raw)
        for ann in [*task.get("annotations", []), *task.get("predictions", [])]
        for r in ann.get("result", [])
        for label in r.get("value", {}).get("labels", [])
    })
    choices = "".join(f'<Label value="{label}"/>' for label in labels)
    config = f'<View><Labels name="label" toName="text">{choices}</Labels><Text name="text" value="$text"/></View>'
    project = Project.objects.create(title="curator", created_by=owner, organization=org, label_config=config)
    resp = client.post(f"/api/projects/{project.id}/import", data=raw, content_type="application/json")
    stored = {
        "tasks": Task.objects.filter(project=project).count(),
        "annotations": [
            {"email": a.completed_by.email if a.completed_by else None, "task_text": a.task.data["text"],
             "names": a.task.data.get("curator_annotators"),
             "spans": [[r["value"]["start"], r["value"]["end"], r["value"].get("text"), r["value"]["labels"]]
                       for r in a.result if r.get("type") == "labels"]}
            for a in Annotation.objects.filter(project=project).select_related("completed_by", "task").order_by("id")
        ],
        "predictions": Prediction.objects.filter(project=project).count(),
    }
    return {"status": resp.status_code, "response": resp.content.decode("utf-8", "replace")[:2000], "stored": stored}

if __name__ == "__main__":
    main(*sys.argv[1:])
