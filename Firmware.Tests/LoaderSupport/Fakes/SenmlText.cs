using System.Collections;

namespace Firmware.Tests.Fakes
{
    /// <summary>Reads SenML packs the way a test's receiver does: the "seq" values, in order.</summary>
    public static class SenmlText
    {
        /// <summary>The "seq" values of the packs, comma-separated, in order.</summary>
        public static string Sequences(ArrayList texts)
        {
            string all = string.Empty;
            for (int i = 0; i < texts.Count; i++)
            {
                string text = (string)texts[i];
                int at = 0;
                while (true)
                {
                    int found = TestText.IndexOf(text, "\"n\":\"seq\",\"v\":", at);
                    if (found < 0)
                    {
                        break;
                    }

                    int start = found + 14;
                    int end = start;
                    while (end < text.Length && text[end] >= '0' && text[end] <= '9')
                    {
                        end++;
                    }

                    all += (all.Length == 0 ? string.Empty : ",") + text.Substring(start, end - start);
                    at = end;
                }
            }

            return all;
        }

        /// <summary>"from,...,to".</summary>
        public static string Range(int from, int to)
        {
            string all = string.Empty;
            for (int i = from; i <= to; i++)
            {
                all += (all.Length == 0 ? string.Empty : ",") + i.ToString();
            }

            return all;
        }
    }
}
