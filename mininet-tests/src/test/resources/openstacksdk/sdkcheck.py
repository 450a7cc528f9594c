"""What the openstacksdk scenarios of OpenStackSdkIT share (docs/openstack.md, "Tests").

Each scenario is run as ``/usr/bin/python3 SCRIPT CLOUD...`` with ``OS_CLIENT_CONFIG_FILE`` naming
the clouds.yaml the test wrote, connects with ``openstack.connect(cloud=...)`` as orchestrators do,
and prints one JSON object of what it saw; the Java test asserts on it. A scenario that cannot go
on (an unexpected exception) exits 1 with the step it was at and the error on stderr.
"""
import json
import os
import sys
import traceback
from urllib.parse import urlencode

import openstack
from openstack import exceptions

_step = ["start"]


def step(name):
    """Names what the scenario does now, for the failure message."""
    _step[0] = name


def connect(cloud):
    """A connection as orchestrators make one: nothing but the cloud's name in clouds.yaml."""
    return openstack.connect(cloud=cloud)


def error(call):
    """What the SDK raised for call(): its class, HTTP status and the server's message.

    A call that succeeds fails the scenario: the caller expected a refusal.
    """
    try:
        result = call()
    except exceptions.SDKException as e:
        return {"class": type(e).__name__, "status": getattr(e, "status_code", None),
                "message": str(getattr(e, "details", None) or e)}
    raise AssertionError("expected the SDK to raise, it answered " + repr(result))


class Requests:
    """Records the GETs a proxy makes (the pages a listing walks), as the URLs asked for."""

    def __init__(self, proxy):
        self.urls = []
        original = proxy.get

        def get(url, *args, **kwargs):
            params = kwargs.get("params")
            self.urls.append(url + ("?" + urlencode(params, doseq=True) if params else ""))
            return original(url, *args, **kwargs)

        proxy.get = get

    def take(self):
        """The URLs asked for since the last take()."""
        urls, self.urls = self.urls, []
        return urls


def run(main):
    """Runs main(out, *clouds) (out: a dict it fills) and prints out as JSON."""
    name = os.path.basename(sys.argv[0])
    out = {}
    try:
        main(out, *sys.argv[1:])
    except Exception as e:  # the scenario stops here: say where and why
        sys.stderr.write("%s failed at step '%s': %s.%s: %s\n"
                         % (name, _step[0], type(e).__module__, type(e).__name__, e))
        traceback.print_exc()
        sys.exit(1)
    print(json.dumps(out, sort_keys=True, default=str))
