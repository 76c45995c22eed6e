using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json.Nodes;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.HomeAssistant
{
    /// <summary>
    /// Renders the templates of a discovery message with Jinja2 in its immutable sandbox, as Home Assistant does
    /// (jinja_render.py, in a python3 that has Jinja2: Debian's python3-jinja2). A value template gets the payload as
    /// <c>value</c> and its JSON as <c>value_json</c>; a command template gets what the entity sends as <c>value</c>.
    /// One renderer process serves a test.
    /// </summary>
    public sealed class JinjaRenderer : IDisposable
    {
        private readonly Process _process;

        private JinjaRenderer(Process process)
        {
            _process = process;
        }

        public static JinjaRenderer Start()
        {
            string script = Path.Combine(AppContext.BaseDirectory, "HomeAssistant", "jinja_render.py");
            string python = FindPython();
            ProcessStartInfo start = new ProcessStartInfo(python)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(script);
            return new JinjaRenderer(Process.Start(start));
        }

        /// <summary>A value template on a payload; throws with Jinja's message when it does not render.</summary>
        public string RenderValue(string template, string payload)
        {
            return Ask(new JsonObject { ["template"] = template, ["payload"] = payload });
        }

        /// <summary>A command template on what the entity sends (a number or a string).</summary>
        public string RenderCommand(string template, JsonNode value)
        {
            return Ask(new JsonObject { ["template"] = template, ["command"] = value });
        }

        public void Dispose()
        {
            try
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill();
                }
            }
            finally
            {
                _process.Dispose();
            }
        }

        private string Ask(JsonObject request)
        {
            _process.StandardInput.WriteLine(request.ToJsonString());
            _process.StandardInput.Flush();
            string line = _process.StandardOutput.ReadLine();
            if (line == null)
            {
                throw new InvalidOperationException("the Jinja2 renderer stopped: " + _process.StandardError.ReadToEnd());
            }

            JsonObject answer = JsonNode.Parse(line).AsObject();
            if (answer["error"] != null)
            {
                throw new InvalidOperationException($"the template does not render ({(string)answer["error"]}): {request["template"]}");
            }

            return (string)answer["rendered"];
        }

        /// <summary>The first python3 that imports Jinja2 (the one on the path, else Debian's).</summary>
        private static string FindPython()
        {
            foreach (string candidate in new[] { "python3", "/usr/bin/python3" })
            {
                try
                {
                    using Process probe = Process.Start(new ProcessStartInfo(candidate, "-c \"import jinja2\"")
                    {
                        RedirectStandardError = true,
                        RedirectStandardOutput = true,
                        UseShellExecute = false,
                    });
                    if (probe.WaitForExit(20000) && probe.ExitCode == 0)
                    {
                        return candidate;
                    }
                }
                catch (System.ComponentModel.Win32Exception)
                {
                    // Not installed under that name: try the next.
                }
            }

            Assert.Fail("Home Assistant's templates are rendered with Jinja2: install python3 and Jinja2 (apt-get install python3-jinja2; .ci/run does)");
            return null;
        }
    }
}
