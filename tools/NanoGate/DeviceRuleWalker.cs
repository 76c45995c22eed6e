using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Firmware.Tools.NanoGate
{
    /// <summary>
    /// Finds what compiles against nanoFramework's mscorlib but cannot run, or runs differently, on the
    /// 1.x runtime:
    /// - generic: any generic type or method, declared or used (mscorlib declares Action&lt;T&gt; and
    ///   Func&lt;...&gt;, but the runtime crashes resolving them); iterators and anonymous types, which
    ///   the compiler turns into generic types;
    /// - multidim-array: int[,] (the device build tools refuse it);
    /// - checked: checked contexts (the device never throws OverflowException);
    /// - exception-filter: catch ... when (no filter blocks on the device);
    /// - unsafe: unsafe code, stackalloc, fixed;
    /// - float-format: formatting a double or float as text (device and desktop format differently;
    ///   the core writes fixed-point integers with its own code);
    /// - enum-format: an enum turned into text (the device prints its number, not its name);
    /// - culture-text: string members that compare or map case by culture on desktop .NET but ordinally or
    ///   ASCII-only on the device (IndexOf/LastIndexOf of a string, StartsWith, EndsWith, Compare, CompareTo,
    ///   ToLower, ToUpper), and string.GetHashCode, whose values differ between the runtimes;
    /// - exception-message: a standard exception built without a message, whose default Message differs
    ///   between the runtimes (ArgumentNullException(paramName) is the same on both and allowed);
    /// - nul-in-string: a string literal holding U+0000 (the device's strings end at the first NUL);
    /// - lone-surrogate: a string literal holding a surrogate that is not half of a pair (the device keeps strings as
    ///   UTF-8 and turns it into U+FFFD);
    /// - surrogate-index: the low half of a surrogate pair read through the string indexer (compared with the low
    ///   surrogate range, or given to a *LowSurrogate/IsSurrogate/ConvertToUtf32 method): the device's indexer answers
    ///   the high surrogate for both halves;
    /// - surrogate-search: string.IndexOf/LastIndexOf of a char, IndexOfAny, LastIndexOfAny and Contains, which answer
    ///   -1 on the device once the text holds a character beyond the Basic Multilingual Plane.
    /// </summary>
    public sealed class DeviceRuleWalker : CSharpSyntaxWalker
    {
        private readonly SemanticModel _model;
        private readonly string _file;
        private readonly List<GateFinding> _findings;
        private readonly HashSet<(int, string)> _seen = new HashSet<(int, string)>();

        public DeviceRuleWalker(SemanticModel model, string file, List<GateFinding> findings)
        {
            _model = model;
            _file = file;
            _findings = findings;
        }

        public override void VisitClassDeclaration(ClassDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier);
            base.VisitClassDeclaration(node);
        }

        public override void VisitStructDeclaration(StructDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier);
            base.VisitStructDeclaration(node);
        }

        public override void VisitInterfaceDeclaration(InterfaceDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier);
            base.VisitInterfaceDeclaration(node);
        }

        public override void VisitRecordDeclaration(RecordDeclarationSyntax node)
        {
            // Records implement IEquatable<T>: generic by construction.
            Report(node.Identifier.GetLocation(), "generic", $"record '{node.Identifier.Text}' implements IEquatable<T>; use a class");
            base.VisitRecordDeclaration(node);
        }

        public override void VisitDelegateDeclaration(DelegateDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier);
            base.VisitDelegateDeclaration(node);
        }

        public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier);
            if (node.Modifiers.Any(SyntaxKind.UnsafeKeyword))
            {
                Report(node.Identifier.GetLocation(), "unsafe", "unsafe code does not run on nanoFramework");
            }

            base.VisitMethodDeclaration(node);
        }

        public override void VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier);
            base.VisitLocalFunctionStatement(node);
        }

        public override void VisitYieldStatement(YieldStatementSyntax node)
        {
            Report(node.GetLocation(), "generic", "iterators compile to IEnumerator<T> classes; return an array or a hand-written IEnumerator");
            base.VisitYieldStatement(node);
        }

        public override void VisitAnonymousObjectCreationExpression(AnonymousObjectCreationExpressionSyntax node)
        {
            Report(node.GetLocation(), "generic", "anonymous types compile to generic classes; declare a class");
            base.VisitAnonymousObjectCreationExpression(node);
        }

        public override void VisitCheckedExpression(CheckedExpressionSyntax node)
        {
            if (node.IsKind(SyntaxKind.CheckedExpression))
            {
                Report(node.GetLocation(), "checked", "checked arithmetic does not throw on nanoFramework; test the range explicitly");
            }

            base.VisitCheckedExpression(node);
        }

        public override void VisitCheckedStatement(CheckedStatementSyntax node)
        {
            if (node.IsKind(SyntaxKind.CheckedStatement))
            {
                Report(node.GetLocation(), "checked", "checked blocks do not throw on nanoFramework; test the range explicitly");
            }

            base.VisitCheckedStatement(node);
        }

        public override void VisitCatchFilterClause(CatchFilterClauseSyntax node)
        {
            Report(node.GetLocation(), "exception-filter", "exception filters (catch ... when) are not supported on nanoFramework");
            base.VisitCatchFilterClause(node);
        }

        public override void VisitUnsafeStatement(UnsafeStatementSyntax node)
        {
            Report(node.GetLocation(), "unsafe", "unsafe code does not run on nanoFramework");
            base.VisitUnsafeStatement(node);
        }

        public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
        {
            Report(node.GetLocation(), "unsafe", "stackalloc does not run on nanoFramework; use a buffer allocated once");
            base.VisitStackAllocArrayCreationExpression(node);
        }

        public override void VisitFixedStatement(FixedStatementSyntax node)
        {
            Report(node.GetLocation(), "unsafe", "fixed does not run on nanoFramework");
            base.VisitFixedStatement(node);
        }

        public override void VisitArrayType(ArrayTypeSyntax node)
        {
            foreach (ArrayRankSpecifierSyntax rank in node.RankSpecifiers)
            {
                if (rank.Rank > 1)
                {
                    Report(rank.GetLocation(), "multidim-array", "multi-dimensional arrays are refused by the nanoFramework build; use a jagged or flat array");
                }
            }

            base.VisitArrayType(node);
        }

        public override void VisitInterpolation(InterpolationSyntax node)
        {
            CheckFormatted(node.Expression, _model.GetTypeInfo(node.Expression).Type);
            base.VisitInterpolation(node);
        }

        public override void VisitForEachStatement(ForEachStatementSyntax node)
        {
            ForEachStatementInfo info = _model.GetForEachStatementInfo(node);
            if (info.GetEnumeratorMethod != null)
            {
                CheckSymbol(node.Expression.GetLocation(), info.GetEnumeratorMethod);
                CheckType(node.Expression.GetLocation(), info.GetEnumeratorMethod.ReturnType);
            }

            base.VisitForEachStatement(node);
        }

        public override void VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            if (_model.GetSymbolInfo(node).Symbol is IMethodSymbol method)
            {
                CheckCultureText(node, method);
                CheckSurrogateSearch(node, method);
                CheckSurrogateArguments(node, method);
                if (method.Name == "ToString" && node.Expression is MemberAccessExpressionSyntax access)
                {
                    CheckFormatted(access.Expression, _model.GetTypeInfo(access.Expression).Type);
                }
                else if (method.ContainingType?.SpecialType == SpecialType.System_String && (method.Name == "Format" || method.Name == "Concat"))
                {
                    foreach (ArgumentSyntax argument in node.ArgumentList.Arguments)
                    {
                        CheckFormatted(argument.Expression, _model.GetTypeInfo(argument.Expression).Type);
                    }
                }
            }

            base.VisitInvocationExpression(node);
        }

        public override void VisitObjectCreationExpression(ObjectCreationExpressionSyntax node)
        {
            CheckExceptionMessage(node, _model.GetSymbolInfo(node).Symbol as IMethodSymbol);
            base.VisitObjectCreationExpression(node);
        }

        public override void VisitImplicitObjectCreationExpression(ImplicitObjectCreationExpressionSyntax node)
        {
            CheckExceptionMessage(node, _model.GetSymbolInfo(node).Symbol as IMethodSymbol);
            base.VisitImplicitObjectCreationExpression(node);
        }

        public override void VisitLiteralExpression(LiteralExpressionSyntax node)
        {
            if (node.IsKind(SyntaxKind.StringLiteralExpression) && node.Token.ValueText.IndexOf('\0') >= 0)
            {
                Report(node.GetLocation(), "nul-in-string", "a string literal holding U+0000 is cut short at the NUL on the device; use a byte array");
            }

            if (node.IsKind(SyntaxKind.StringLiteralExpression) && HasLoneSurrogate(node.Token.ValueText))
            {
                Report(node.GetLocation(), "lone-surrogate",
                    "a string literal holding a lone surrogate becomes U+FFFD on the device (its strings are UTF-8); build such text from chars (new string(char[])) and expect U+FFFD");
            }

            base.VisitLiteralExpression(node);
        }

        public override void VisitBinaryExpression(BinaryExpressionSyntax node)
        {
            // string + value boxes the value and formats it with ToString.
            if (node.IsKind(SyntaxKind.AddExpression) && _model.GetTypeInfo(node).Type?.SpecialType == SpecialType.System_String)
            {
                CheckFormatted(node.Left, _model.GetTypeInfo(node.Left).Type);
                CheckFormatted(node.Right, _model.GetTypeInfo(node.Right).Type);
            }

            if (node.IsKind(SyntaxKind.LessThanExpression) || node.IsKind(SyntaxKind.LessThanOrEqualExpression)
                || node.IsKind(SyntaxKind.GreaterThanExpression) || node.IsKind(SyntaxKind.GreaterThanOrEqualExpression)
                || node.IsKind(SyntaxKind.EqualsExpression) || node.IsKind(SyntaxKind.NotEqualsExpression))
            {
                if ((IsStringIndexer(node.Left) && IsLowSurrogateConstant(node.Right)) || (IsStringIndexer(node.Right) && IsLowSurrogateConstant(node.Left)))
                {
                    ReportSurrogateIndex(node.GetLocation());
                }
            }

            base.VisitBinaryExpression(node);
        }

        public override void Visit(SyntaxNode node)
        {
            if (node == null)
            {
                return;
            }

            if (node is ExpressionSyntax || node is TypeSyntax)
            {
                Location location = node.GetLocation();
                SymbolInfo symbol = _model.GetSymbolInfo(node);
                CheckSymbol(location, symbol.Symbol);
                TypeInfo type = _model.GetTypeInfo(node);
                CheckType(location, type.Type);
                CheckType(location, type.ConvertedType);
            }

            base.Visit(node);
        }

        private void CheckTypeParameters(TypeParameterListSyntax list, SyntaxToken identifier)
        {
            if (list != null && list.Parameters.Count > 0)
            {
                Report(identifier.GetLocation(), "generic", $"'{identifier.Text}' declares type parameters; nanoFramework 1.x cannot run generics");
            }
        }

        private void CheckSymbol(Location location, ISymbol symbol)
        {
            switch (symbol)
            {
                case IMethodSymbol method:
                    if (method.IsGenericMethod)
                    {
                        Report(location, "generic", $"generic method '{method.ToDisplayString()}'; nanoFramework 1.x cannot run generics");
                    }

                    CheckType(location, method.ContainingType);
                    break;
                case IPropertySymbol property:
                    CheckType(location, property.ContainingType);
                    break;
                case IFieldSymbol field:
                    CheckType(location, field.ContainingType);
                    break;
                case IEventSymbol evt:
                    CheckType(location, evt.ContainingType);
                    CheckType(location, evt.Type);
                    break;
                case ITypeSymbol type:
                    CheckType(location, type);
                    break;
            }
        }

        private void CheckType(Location location, ITypeSymbol type)
        {
            switch (type)
            {
                case null:
                    return;
                case IArrayTypeSymbol array:
                    if (array.Rank > 1)
                    {
                        Report(location, "multidim-array", "multi-dimensional arrays are refused by the nanoFramework build; use a jagged or flat array");
                    }

                    CheckType(location, array.ElementType);
                    return;
                case IPointerTypeSymbol:
                    Report(location, "unsafe", "pointers do not run on nanoFramework");
                    return;
                case INamedTypeSymbol named:
                    if (named.IsGenericType || named.IsTupleType || named.IsAnonymousType)
                    {
                        Report(location, "generic", $"generic type '{named.ToDisplayString()}'; nanoFramework 1.x cannot run generics");
                        return;
                    }

                    CheckType(location, named.ContainingType);
                    return;
            }
        }

        private void CheckCultureText(InvocationExpressionSyntax node, IMethodSymbol method)
        {
            // string may not override GetHashCode in the device's mscorlib: look at the receiver too.
            ITypeSymbol receiver = node.Expression is MemberAccessExpressionSyntax access ? _model.GetTypeInfo(access.Expression).Type : null;
            if (method.ContainingType?.SpecialType != SpecialType.System_String
                && !(method.Name == "GetHashCode" && receiver?.SpecialType == SpecialType.System_String))
            {
                return;
            }

            bool stringFirst = method.Parameters.Length > 0 && method.Parameters[0].Type.SpecialType == SpecialType.System_String;
            string message = method.Name switch
            {
                "IndexOf" or "LastIndexOf" when stringFirst =>
                    $"string.{method.Name}(string) compares by culture on desktop .NET and ordinally on the device; use Firmware.Text.Ordinal",
                "StartsWith" or "EndsWith" =>
                    $"string.{method.Name} compares by culture on desktop .NET and ordinally on the device; use Firmware.Text.Ordinal",
                "Compare" or "CompareTo" =>
                    $"string.{method.Name} orders by culture on desktop .NET and by code point on the device; compare chars",
                "ToLower" or "ToUpper" =>
                    $"string.{method.Name} maps every letter by culture on desktop .NET but only ASCII letters on the device; map the chars you accept",
                "GetHashCode" =>
                    "string.GetHashCode differs between the device and desktop .NET (and between desktop runs); hash the bytes yourself",
                _ => null,
            };
            if (message != null)
            {
                Report(node.GetLocation(), "culture-text", message);
            }
        }

        private static bool HasLoneSurrogate(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsStringIndexer(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            if (expression is CastExpressionSyntax cast)
            {
                return IsStringIndexer(cast.Expression);
            }

            return expression is ElementAccessExpressionSyntax access && _model.GetTypeInfo(access.Expression).Type?.SpecialType == SpecialType.System_String;
        }

        private bool IsLowSurrogateConstant(ExpressionSyntax expression)
        {
            Optional<object> value = _model.GetConstantValue(expression);
            if (!value.HasValue || value.Value == null)
            {
                return false;
            }

            long number = value.Value is char c ? c : value.Value is int i ? i : value.Value is long l ? l : -1;
            return number >= 0xDC00 && number <= 0xDFFF;
        }

        private void ReportSurrogateIndex(Location location)
        {
            Report(location, "surrogate-index",
                "the device's string indexer answers the high surrogate for both halves of a pair; read a code point with Firmware.Text.Utf8.CodePointAt");
        }

        private void CheckSurrogateArguments(InvocationExpressionSyntax node, IMethodSymbol method)
        {
            bool surrogateMethod = method.Name.EndsWith("LowSurrogate", System.StringComparison.Ordinal) || method.Name == "IsSurrogate"
                || method.Name == "IsSurrogatePair" || method.Name == "ConvertToUtf32";
            if (!surrogateMethod)
            {
                return;
            }

            foreach (ArgumentSyntax argument in node.ArgumentList.Arguments)
            {
                bool stringAndIndex = method.ContainingType?.SpecialType == SpecialType.System_Char
                    && _model.GetTypeInfo(argument.Expression).Type?.SpecialType == SpecialType.System_String;
                if (IsStringIndexer(argument.Expression) || stringAndIndex)
                {
                    ReportSurrogateIndex(node.GetLocation());
                    return;
                }
            }
        }

        private void CheckSurrogateSearch(InvocationExpressionSyntax node, IMethodSymbol method)
        {
            if (method.ContainingType?.SpecialType != SpecialType.System_String)
            {
                return;
            }

            bool charFirst = method.Parameters.Length > 0 && method.Parameters[0].Type.SpecialType == SpecialType.System_Char;
            bool search = ((method.Name == "IndexOf" || method.Name == "LastIndexOf") && charFirst)
                || method.Name == "IndexOfAny" || method.Name == "LastIndexOfAny" || method.Name == "Contains";
            if (search)
            {
                Report(node.GetLocation(), "surrogate-search",
                    $"string.{method.Name} answers -1 on the device once the text holds a character beyond the Basic Multilingual Plane; use Firmware.Text.Ordinal");
            }
        }

        private void CheckExceptionMessage(ExpressionSyntax node, IMethodSymbol constructor)
        {
            INamedTypeSymbol type = constructor?.ContainingType;
            if (type == null || type.ContainingAssembly?.Name != "mscorlib" || !IsException(type))
            {
                return;
            }

            bool hasMessage = constructor.Parameters.Any(p => p.Name == "message");
            bool nullParam = type.Name == "ArgumentNullException" && constructor.Parameters.Length == 1;
            if (!hasMessage && !nullParam)
            {
                Report(node.GetLocation(), "exception-message", $"'{type.Name}' without a message has a different Message on the device than on desktop .NET; pass a message that says what is wrong");
            }
        }

        private static bool IsException(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol t = type; t != null; t = t.BaseType)
            {
                if (t.Name == "Exception" && t.ContainingNamespace?.ToDisplayString() == "System")
                {
                    return true;
                }
            }

            return false;
        }

        private void CheckFormatted(ExpressionSyntax expression, ITypeSymbol type)
        {
            if (type == null)
            {
                return;
            }

            if (type.SpecialType == SpecialType.System_Double || type.SpecialType == SpecialType.System_Single)
            {
                Report(expression.GetLocation(), "float-format", "floating point formatted as text differs between device and desktop; write fixed-point integers with Firmware.Text.FixedPoint");
            }
            else if (type.TypeKind == TypeKind.Enum)
            {
                Report(expression.GetLocation(), "enum-format", "an enum turned into text is its number on the device but its name on desktop; convert it explicitly");
            }
        }

        private void Report(Location location, string rule, string message)
        {
            FileLinePositionSpan span = location.GetLineSpan();
            int line = span.StartLinePosition.Line + 1;
            if (!_seen.Add((line, rule + message)))
            {
                return;
            }

            _findings.Add(new GateFinding(_file, line, span.StartLinePosition.Character + 1, rule, message));
        }
    }
}
