"""Read and decode stages: input paths to raw records, raw records to Documents.

`read_inputs(paths)` yields a `RawRecord` per article (or a `RecordError` per input that
cannot be read) from text and HTML files, JSONL, WARC, gzip, directories and stdin;
`decode.decode(raw)` turns one into a `Document`. One record may hold at most
`MAX_RECORD_BYTES` (20 MiB); a larger one is reported as `too-large`.

Reason codes: not-found, unreadable, empty, binary, too-large, truncated-gzip, bad-gzip,
truncated-warc, bad-warc, http-status, bad-json, not-object, wrong-type, no-text,
undecodable.
"""

from rasd.read.decode import decode, decode_records
from rasd.read.inputs import read_inputs
from rasd.read.sniff import MAX_RECORD_BYTES

__all__ = ["MAX_RECORD_BYTES", "decode", "decode_records", "read_inputs"]
