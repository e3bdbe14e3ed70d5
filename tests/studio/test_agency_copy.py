"""Agency copies: new cases of the agency's region start on the copy's latest version."""

from __future__ import annotations

import pytest

from domain.enums import Role
from domain.errors import Conflict
from domain.org.operations import agency_by_code
from domain.processes.operations import copy_model, latest_version, process_key_for_region
from tests.factories import submit
from tests.studio import variants as v
from tests.studio.helpers import deploy_edit, make_user


def test_without_a_copy_every_region_uses_the_template(world):
    assert process_key_for_region("12.71") == "complaint"
    assert process_key_for_region("99") == "complaint"
    assert process_key_for_region(None) == "complaint"


def test_case_of_the_agency_region_starts_on_the_copy(world):
    owner = world["users"]["owner"]
    copy = copy_model("complaint", agency_by_code("pemkot-medan"), actor=owner)
    medan_case = submit(region="12.71").case
    jakarta_case = submit(region="31.71", category="roads").case
    assert medan_case.process_version_id == latest_version(copy.key).id
    assert jakarta_case.process_version_id == world["version"].id
    with pytest.raises(Conflict):
        copy_model("complaint", agency_by_code("pemkot-medan"), actor=owner)


def test_province_copy_covers_its_cities_unless_a_city_has_its_own(world):
    owner = world["users"]["owner"]
    dki = copy_model("complaint", agency_by_code("pemprov-dki"), actor=owner)
    assert process_key_for_region("31.71") == dki.key
    assert process_key_for_region("12.71") == "complaint"


def test_new_version_of_the_copy_is_used_for_the_next_case(world):
    owner = world["users"]["owner"]
    copy = copy_model("complaint", agency_by_code("pemkot-medan"), actor=owner)
    second = make_user("owner.two", Role.PROCESS_OWNER)
    version = deploy_edit(v.renamed(v.shipped_bpmn(), "verify", "Verifikasi Medan"), owner,
                          second, key=copy.key)
    assert version.number == 2
    case = submit(region="12.71").case
    assert case.process_version_id == version.id
