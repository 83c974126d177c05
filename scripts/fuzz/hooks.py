# Schemathesis hooks for `npm run fuzz` (scripts/fuzz.ts): feed bodies in text/csv and
# application/x-ndjson are text, sent as generated (lone surrogates included, so the API also meets
# malformed UTF-8).
import json

import schemathesis


@schemathesis.serializer("text/csv", "application/x-ndjson")
def text_body(ctx, value):
    if isinstance(value, bytes):
        return {"data": value}
    if isinstance(value, str):
        return {"data": value.encode("utf-8", "surrogatepass")}
    return {"data": json.dumps(value).encode("utf-8")}
