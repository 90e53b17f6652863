"""Fixture exports for the importer tests, and the .zip archives the platforms send."""

from __future__ import annotations

from pathlib import Path

import pytest

from .exports import FIXTURES, zip_folder


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def instagram_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("instagram") / "instagram-budi-2024-11-01.zip"
    path.write_bytes(zip_folder(FIXTURES / "instagram-export"))
    return path


@pytest.fixture(scope="session")
def x_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("x") / "twitter-2024-11-01-abc123.zip"
    path.write_bytes(zip_folder(FIXTURES / "x-archive"))
    return path
