import pytest
from django.test import Client

from careers.models import Occupation


@pytest.fixture(scope="session")
def pages(real_data, django_db_blocker):
    """Every real career page rendered once for the run: {O*NET code: html}.

    The sentence and note checks read all 1,016 pages; rendering them once, on the
    shared import, keeps those checks to one pass.
    """
    client = Client()
    with django_db_blocker.unblock():
        return {
            code: client.get(f"/careers/{slug}/").content.decode()
            for code, slug in Occupation.objects.values_list("code", "slug")
        }
