import pytest

from .builders import write_onet
from .dbstate import run


@pytest.fixture
def onet_folder(tmp_path):
    """A tiny O*NET 30.2 text-format folder (Skills in the official Excel layout)."""
    return write_onet(tmp_path / "db_30_2_text", "30.2")


@pytest.fixture
def onet_loaded(db, onet_folder):
    """The tiny O*NET 30.2 set, imported through the management command."""
    run("import_onet", onet_folder)
    return onet_folder
