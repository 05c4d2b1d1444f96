"""Template profiles (data/profiles/*.toml): the table kinds they name are the kinds of the domain."""

from __future__ import annotations

import pytest

from knowledge.domain import TableKind
from knowledge.profiles import ProfileError, profiles


def test_every_bundled_profile_names_table_kinds_of_the_domain():
    for profile in profiles():
        assert profile.table_kinds
        assert all(isinstance(kind, TableKind) for kind, _, _ in profile.table_kinds)
        assert profile.classify("一般公共预算“三公”经费支出表") == TableKind.THREE_PUBLIC
        assert profile.classify("某某说明") == TableKind.OTHER


def test_a_profile_naming_an_unknown_table_kind_is_refused_with_its_file(tmp_path):
    (tmp_path / "national.toml").write_text('name = "national"\ntable_kinds = [["three_public", ["三公"], []]]\n')
    (tmp_path / "city.toml").write_text('name = "city"\ntable_kinds = [["three_publik", ["三公"], []]]\n')
    with pytest.raises(ProfileError, match=r"city\.toml: .*three_publik"):
        profiles(tmp_path)
