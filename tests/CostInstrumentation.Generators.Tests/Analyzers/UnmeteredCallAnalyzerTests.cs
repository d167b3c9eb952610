using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CostInstrumentation.Generators.Tests.Analyzers;

public sealed class UnmeteredCallAnalyzerTests
{
    [Fact]
    public void A_method_group_conversion_is_reported_at_the_method_group()
    {
        const string source = """
            using System;
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall("acme-small")]
                public static LlmUsage Ask(string prompt) => default;

                public static void Use()
                {
                    Func<string, LlmUsage> ask = Ask;
                    Func<string, LlmUsage> wrapped = p => Ask(p);
                }
            }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC104");
        Expect.Within(diagnostic, source, "ask = Ask;", "Ask");
        Expect.MessageContains(diagnostic, "'Chat.Ask' is used as a delegate here");
    }

    /// <summary>
    /// Not LLMC104: the compiler intercepts a call inside an expression tree as well — the tree's MethodCallExpression
    /// refers to the generated interceptor — so compiling and invoking the tree meters the call.
    /// </summary>
    [Fact]
    public void A_call_inside_an_expression_tree_is_intercepted_and_not_reported()
    {
        const string source = """
            using System;
            using System.Linq.Expressions;
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall("acme-small")]
                public static LlmUsage Ask(string prompt) => default;

                public static Expression<Func<LlmUsage>> Tree() => () => Ask("x");
            }
            """;
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source));

        CSharpCompilation compilation = AnalyzerHarness.CreateCompilation(
            new[] { source }, null, out AnalyzerConfigOptionsProvider options,
            new[] { new PricingInput("/project/pricing/prices.json", AnalyzerFixtures.Pricing) }, null, out ImmutableArray<AdditionalText> additional);
        (Compilation output, _) = AnalyzerHarness.Generate(compilation, additional, options);
        using MemoryStream image = new();
        Assert.True(output.Emit(image).Success);
        AssemblyLoadContext context = new("expression-tree", isCollectible: true);
        try
        {
            Assembly assembly = context.LoadFromStream(new MemoryStream(image.ToArray()));
            LambdaExpression tree = (LambdaExpression)assembly.GetType("Chat")!.GetMethod("Tree")!.Invoke(null, null)!;
            MethodInfo called = ((MethodCallExpression)tree.Body).Method;
            Assert.Equal("CostInstrumentation.Generated", called.DeclaringType!.Namespace);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void A_call_through_an_interface_or_base_member_without_the_attribute_is_reported()
    {
        const string source = """
            using CostInstrumentation;
            public interface IChat { LlmUsage Ask(string prompt); }
            public abstract class ChatBase { public abstract LlmUsage Ask(string prompt); }
            public class Chat : IChat
            {
                [MeteredLlmCall("acme-small")]
                public LlmUsage Ask(string prompt) => default;
            }
            public class Derived : ChatBase
            {
                [MeteredLlmCall("acme-small")]
                public override LlmUsage Ask(string prompt) => default;
            }
            public static class Use
            {
                public static void Run(IChat chat, ChatBase other, Chat direct, Derived derived)
                {
                    chat.Ask("a");
                    other.Ask("b");
                    direct.Ask("c");
                    derived.Ask("d");
                }
            }
            """;
        IReadOnlyList<Reported> reported = AnalyzerFixtures.Run(source);
        Assert.Equal(2, reported.Count);
        Expect.At(reported[0], source, "chat.Ask(\"a\")");
        Expect.MessageContains(reported[0], "goes through 'IChat.Ask', which has no [MeteredLlmCall]", "'Chat.Ask' is");
        Expect.At(reported[1], source, "other.Ask(\"b\")");
        Expect.MessageContains(reported[1], "'ChatBase.Ask'", "'Derived.Ask'");
    }

    [Fact]
    public void An_attributed_interface_member_and_unrelated_virtual_calls_are_not_reported()
    {
        const string source = """
            using CostInstrumentation;
            public interface IChat
            {
                [MeteredLlmCall("acme-small")]
                LlmUsage Ask(string prompt);
            }
            public class Chat : IChat
            {
                [MeteredLlmCall("acme-small")]
                public LlmUsage Ask(string prompt) => default;
            }
            public static class Use
            {
                public static string Run(IChat chat, object value)
                {
                    chat.Ask("a");
                    return value.ToString()!;
                }
            }
            """;
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source));
    }

    [Fact]
    public void A_base_call_inside_the_metered_override_is_not_dispatched_and_not_reported()
    {
        // base.Ask() is a non-virtual call of the base method: no metered override can be reached through it.
        const string source = """
            using CostInstrumentation;
            public class Client
            {
                public virtual LlmUsage Ask(string prompt) => default;
            }
            public class MeteredClient : Client
            {
                [MeteredLlmCall("acme-small")]
                public override LlmUsage Ask(string prompt) => base.Ask(prompt);
            }
            """;
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source));
    }

    [Theory]
    [InlineData("public interface IChat<T> { LlmUsage Ask(T prompt); } public class Chat : IChat<string> { [MeteredLlmCall(\"acme-small\")] public LlmUsage Ask(string prompt) => default; }", "IChat<string>")]
    [InlineData("public interface IChat { LlmUsage Ask(string prompt); } public class Chat : IChat { [MeteredLlmCall(\"acme-small\")] LlmUsage IChat.Ask(string prompt) => default; }", "IChat")]
    public void A_call_through_a_generic_interface_or_to_an_explicit_implementation_is_reported(string declarations, string receiver)
    {
        string source = "using CostInstrumentation;\n" + declarations + "\npublic static class Use { public static void Run(" + receiver + " chat) => chat.Ask(\"a\"); }\n";
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC104");
        Expect.At(diagnostic, source, "chat.Ask(\"a\")");
        Expect.MessageContains(diagnostic, "not metered although 'Chat.");
    }
}
