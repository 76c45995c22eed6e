"""Renders Home Assistant MQTT templates with Jinja2, as Home Assistant does, for the host tests.

One JSON request a line on stdin, one JSON answer a line on stdout:
  {"template": T, "payload": P}   a value template: `value` is the payload, `value_json` its JSON when it is JSON
  {"template": T, "command": V}   a command template: `value` is what the entity sends (a number or a string)
Answer: {"rendered": TEXT} (stripped, as Home Assistant strips it) or {"error": MESSAGE}.
Home Assistant renders in Jinja2's immutable sandbox; so does this.
"""
import json
import sys

from jinja2.sandbox import ImmutableSandboxedEnvironment

environment = ImmutableSandboxedEnvironment()

for line in sys.stdin:
    request = json.loads(line)
    try:
        variables = {}
        if "payload" in request:
            variables["value"] = request["payload"]
            try:
                variables["value_json"] = json.loads(request["payload"])
            except ValueError:
                pass
        else:
            variables["value"] = request["command"]
        rendered = environment.from_string(request["template"]).render(**variables).strip()
        answer = {"rendered": rendered}
    except Exception as error:  # a template error is an answer, never the end of the renderer
        answer = {"error": f"{type(error).__name__}: {error}"}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
