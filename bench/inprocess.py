"""Child process of bench_instructions.py (run under callgrind): serve requests through Django's own WSGI
handler, in this process, without any server or socket.

Each request kind is warmed up, then served ``count`` times inside one ``operator.call``: callgrind collects
only inside that C function and dumps a part at its exit (``--toggle-collect`` and ``--dump-after``), so
part N holds the instructions of the Nth kind's requests only, whatever else this process does.

    python bench/inprocess.py COUNT SPEC_JSON    # SPEC_JSON: [[method, path, body or null], ...]
"""

import io
import json
import operator
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(count, specs):
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    # Under callgrind a request takes about 50 times as long, so a version stamp checked once per second
    # would be counted far more often per request than in service, and more on a loaded machine: the
    # counts would drift with the load. Checked once an hour here, it counts as in service: nearly never.
    override_settings(MON_ENFANT_REFRESH_SECONDS=3600).enable()

    handler = WSGIHandler()

    def environ(method, path, body):
        path, _, query = path.partition("?")
        return {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1", "HTTP_ACCEPT": "*/*", "HTTP_USER_AGENT": "bench",
            "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
        }

    def serve(method, path, body):
        status = []
        result = handler(environ(method, path, body), lambda line, headers, exc_info=None: status.append(line))
        b"".join(result)
        result.close()
        if not status[0].startswith("200"):
            raise SystemExit(f"{method} {path} answered {status[0]}")

    requests = [(method, path, (body or "").encode()) for method, path, body in specs]
    for _ in range(20):  # warm every cache, for every kind, before anything is counted
        for request in requests:
            serve(*request)
    for request in requests:
        def loop(request=request):
            for _ in range(count):
                serve(*request)

        operator.call(loop)


if __name__ == "__main__":
    main(int(sys.argv[1]), json.loads(sys.argv[2]))
