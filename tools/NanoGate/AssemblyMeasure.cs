using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Firmware.Tools.NanoGate
{
    /// <summary>
    /// What nanoFramework's MetadataProcessor will count of an assembly, measured on the compiled .dll: the byte code
    /// (the sum of the IL method bodies, headers and exception clauses included; the .pe's own byte code is a little
    /// smaller, its tokens being 2 bytes instead of 4) and the string table (every distinct name of a type, namespace,
    /// field, method, member or assembly reference and every string literal, as UTF-8 with a terminating NUL; the
    /// MetadataProcessor leaves out a few predefined names). Both tables are indexed by 16 bits in a .pe: an assembly
    /// past 64 KiB of either is refused.
    /// </summary>
    public sealed class AssemblyMeasure
    {
        private AssemblyMeasure(string name, int byteCode, int strings, IReadOnlyDictionary<string, int> byteCodeByNamespace)
        {
            Name = name;
            ByteCode = byteCode;
            Strings = strings;
            ByteCodeByNamespace = byteCodeByNamespace;
        }

        public string Name { get; }

        /// <summary>Bytes of IL method bodies.</summary>
        public int ByteCode { get; }

        /// <summary>Bytes of the string table.</summary>
        public int Strings { get; }

        /// <summary>Byte code per namespace of the declaring type.</summary>
        public IReadOnlyDictionary<string, int> ByteCodeByNamespace { get; }

        /// <summary>The namespaces with the most byte code, largest first, as "Namespace 12.3 K".</summary>
        public string LargestNamespaces(int count)
        {
            return string.Join(", ", ByteCodeByNamespace.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(count)
                .Select(e => $"{(e.Key.Length == 0 ? "(global)" : e.Key)} {e.Value / 1024.0:0.0} K"));
        }

        public static AssemblyMeasure Of(byte[] image)
        {
            using PEReader pe = new PEReader(new MemoryStream(image, writable: false));
            MetadataReader md = pe.GetMetadataReader();
            string name = md.GetString(md.GetAssemblyDefinition().Name);

            Dictionary<string, int> byNamespace = new Dictionary<string, int>(StringComparer.Ordinal);
            int byteCode = 0;
            foreach (TypeDefinitionHandle typeHandle in md.TypeDefinitions)
            {
                TypeDefinition type = md.GetTypeDefinition(typeHandle);
                string ns = NamespaceOf(md, type);
                foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
                {
                    MethodDefinition method = md.GetMethodDefinition(methodHandle);
                    if (method.RelativeVirtualAddress == 0)
                    {
                        continue;
                    }

                    int size = pe.GetMethodBody(method.RelativeVirtualAddress).Size;
                    byteCode += size;
                    byNamespace[ns] = byNamespace.TryGetValue(ns, out int sum) ? sum + size : size;
                }
            }

            HashSet<string> strings = new HashSet<string>(StringComparer.Ordinal) { string.Empty, name };
            foreach (TypeDefinitionHandle h in md.TypeDefinitions)
            {
                TypeDefinition t = md.GetTypeDefinition(h);
                strings.Add(md.GetString(t.Name));
                strings.Add(md.GetString(t.Namespace));
            }

            foreach (FieldDefinitionHandle h in md.FieldDefinitions)
            {
                strings.Add(md.GetString(md.GetFieldDefinition(h).Name));
            }

            foreach (MethodDefinitionHandle h in md.MethodDefinitions)
            {
                strings.Add(md.GetString(md.GetMethodDefinition(h).Name));
            }

            foreach (TypeReferenceHandle h in md.TypeReferences)
            {
                TypeReference t = md.GetTypeReference(h);
                strings.Add(md.GetString(t.Name));
                strings.Add(md.GetString(t.Namespace));
            }

            foreach (MemberReferenceHandle h in md.MemberReferences)
            {
                strings.Add(md.GetString(md.GetMemberReference(h).Name));
            }

            foreach (AssemblyReferenceHandle h in md.AssemblyReferences)
            {
                strings.Add(md.GetString(md.GetAssemblyReference(h).Name));
            }

            UserStringHandle user = MetadataTokens.UserStringHandle(1);
            int heapSize = md.GetHeapSize(HeapIndex.UserString);
            while (!user.IsNil && MetadataTokens.GetHeapOffset(user) < heapSize)
            {
                strings.Add(md.GetUserString(user));
                user = md.GetNextHandle(user);
            }

            int stringBytes = strings.Sum(s => Encoding.UTF8.GetByteCount(s) + 1);
            return new AssemblyMeasure(name, byteCode, stringBytes, byNamespace);
        }

        private static string NamespaceOf(MetadataReader md, TypeDefinition type)
        {
            while (type.IsNested)
            {
                type = md.GetTypeDefinition(type.GetDeclaringType());
            }

            return md.GetString(type.Namespace);
        }
    }
}
