"""Uploads one file to a tus server with tuspy (Debian's python3-tuspy), as a Python
application would, and prints one JSON line: the upload's URL, the offset the server reported
when the upload was resumed, and the relay's receipt header from the last answer.
  usage: /usr/bin/python3 tuspy_upload.py ENDPOINT FILE whole|chunked|resume
"""
import json
import sys

from tusclient import client

endpoint, path, mode = sys.argv[1:4]
tus = client.TusClient(endpoint)
chunk = 4096 if mode in ("chunked", "resume") else 64 * 1024 * 1024
# Other tus clients send Upload-Checksum; the relay accepts it (SPEC 4).
uploader = tus.uploader(path, chunk_size=chunk, metadata={"filename": "bundle.stb"},
                        upload_checksum=(mode == "chunked"))
resumed_at = None
if mode == "resume":
    uploader.upload_chunk()  # the first 4 KiB, then the client stops
    url = uploader.url
    # A new process would start like this: from the upload's URL, asking the server its offset.
    uploader = tus.uploader(path, url=url, chunk_size=chunk)
    resumed_at = uploader.offset
uploader.upload()
receipt = uploader.request.response_headers.get("staccs-receipt", "") if uploader.request else ""
print(json.dumps({"url": uploader.url, "resumed_at": resumed_at, "receipt": receipt}))
