using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Firmware.Host.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Gate
{
    /// <summary>
    /// The gate compiles device tests against a declaration of nanoFramework.TestFramework's API; the host
    /// runs them through a mapping onto MSTest. Both must declare the same public API, or a test could pass
    /// on Linux and fail to build for the device (or the other way round).
    /// </summary>
    [TestClass]
    public sealed class TestFrameworkSurfaceTests
    {
        [TestMethod]
        public void TheGateSurfaceAndTheHostMappingDeclareTheSameApi()
        {
            HashSet<string> surface = PublicApi(Repository.PathOf("tools/NanoGate/TestFrameworkSurface"));
            HashSet<string> mapping = PublicApi(Repository.PathOf("Firmware.Tests.MSTest/TestFramework"));
            Assert.IsTrue(surface.Count > 40, "surface has " + surface.Count + " members");
            string onlySurface = string.Join(Environment.NewLine, surface.Except(mapping).OrderBy(s => s));
            string onlyMapping = string.Join(Environment.NewLine, mapping.Except(surface).OrderBy(s => s));
            Assert.AreEqual(string.Empty, onlySurface, "declared for the device but not mapped on the host");
            Assert.AreEqual(string.Empty, onlyMapping, "mapped on the host but not in the device's API");
        }

        private static HashSet<string> PublicApi(string folder)
        {
            HashSet<string> api = new HashSet<string>(StringComparer.Ordinal);
            foreach (string file in Directory.GetFiles(folder, "*.cs"))
            {
                CompilationUnitSyntax unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
                foreach (TypeDeclarationSyntax type in unit.DescendantNodes().OfType<TypeDeclarationSyntax>().Where(IsPublic))
                {
                    string ns = type.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().First().Name.ToString();
                    string typeName = $"{ns}.{type.Identifier.Text}";
                    string baseList = type.BaseList?.ToString() ?? string.Empty;
                    string attributes = string.Join(";", type.AttributeLists.SelectMany(l => l.Attributes).Select(a => a.ToString()));
                    api.Add($"{Modifiers(type.Modifiers)} {type.Keyword.Text} {typeName} {baseList} [{attributes}]");
                    foreach (MemberDeclarationSyntax member in type.Members.Where(IsPublic))
                    {
                        api.Add(typeName + "::" + Signature(member));
                    }
                }
            }

            return api;
        }

        private static bool IsPublic(MemberDeclarationSyntax member) => member.Modifiers.Any(SyntaxKind.PublicKeyword);

        private static string Modifiers(SyntaxTokenList modifiers) => string.Join(" ", modifiers.Select(m => m.Text));

        private static string Signature(MemberDeclarationSyntax member)
        {
            string attributes = string.Join(";", member.AttributeLists.SelectMany(l => l.Attributes).Select(a => a.ToString()));
            return member switch
            {
                MethodDeclarationSyntax m => $"[{attributes}] {Modifiers(m.Modifiers)} {m.ReturnType} {m.Identifier.Text}{Normalize(m.ParameterList.ToString())}",
                ConstructorDeclarationSyntax c => $"[{attributes}] {Modifiers(c.Modifiers)} ctor{Normalize(c.ParameterList.ToString())}",
                PropertyDeclarationSyntax p => $"[{attributes}] {Modifiers(p.Modifiers)} {p.Type} {p.Identifier.Text} {Normalize(p.AccessorList?.ToString() ?? "=>")}",
                _ => member.Kind().ToString(),
            };
        }

        private static string Normalize(string text) => string.Join(" ", text.Split((char[])null, StringSplitOptions.RemoveEmptyEntries));
    }
}
