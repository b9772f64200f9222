"""The shipped vocabulary of AWS names: categories, other names, kin, and that it ships."""

from __future__ import annotations

import tomllib

from content.importer import vocabulary
from tests.content.importer.support import ROOT


def test_names_are_found_by_category_without_prefix_or_case():
    assert vocabulary.category("SQS") == vocabulary.category("Amazon SQS") == "service:integration"
    assert vocabulary.category("gp3") == "ebs-volume-type"
    assert vocabulary.category("s3 standard-ia") == "s3-storage-class"
    assert vocabulary.category("DynamoDB Accelerator (DAX)") == "service:database"
    assert vocabulary.category("Layer 7") == ""
    assert "S3 Glacier Deep Archive" in vocabulary.names("s3-storage-class")


def test_other_names_and_kin():
    assert vocabulary.other_names("DynamoDB Accelerator") == ("DAX",)
    assert "Simple Queue Service" in vocabulary.other_names("SQS")
    assert vocabulary.kin("DAX", "Amazon ElastiCache") and vocabulary.kin("RDS", "Aurora")
    assert not vocabulary.kin("SQS", "SNS")
    # Kin groups are not names of their own category.
    assert "kin" not in vocabulary.service_categories()


def test_the_vocabulary_file_ships_with_the_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["setuptools"]["package-data"]["content"]
    assert "importer/*.txt" in shipped
    assert (ROOT / "content" / "importer" / "aws_names.txt").exists()
