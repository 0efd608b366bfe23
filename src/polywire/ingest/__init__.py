"""Sources → ``Document``s: files, folders, JSONL and WARC."""

from polywire.ingest.files import documentation_files, input_files, read_paths, skipped_files
from polywire.model import Failure

__all__ = ["Failure", "documentation_files", "input_files", "read_paths", "skipped_files"]
