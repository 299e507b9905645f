"""The one table of source languages: extensions, comment and string syntax, definitions, visibility, where docs go.

Adding a language is one ``Language`` entry in ``LANGUAGES``: the lexer, the
definition finder, the comment kinds and the collectors (collect/classify.py takes
its suffixes from here) all read this table and nothing else. A language shares a
``Syntax`` with the languages whose comments and strings are written alike (Scala
lexes as Java does) and says on its own entry how its definitions look, which of
them are public API and where their documentation goes.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Callable, Optional

# Python 3.11 has possessive quantifiers; they stop the engine from keeping a
# backtracking stack for every skipped token. On 3.10 the plain greedy forms
# match the same text (the skip loop never needs to backtrack), only slower.
POSSESSIVE = "+" if sys.version_info >= (3, 11) else ""


# --- comment and string syntax --------------------------------------------------------

@dataclass(frozen=True)
class Syntax:
    """How a family of languages writes comments and strings, as the pieces of its lexer's one regex.

    ``stop_chars`` are where a string or comment may start; every ``skips`` alternative
    consumes one construct that may hide a comment marker (string and character
    literals, regex literals), tried in order; every ``comments`` alternative is one
    named group: ``line`` (//), ``block`` (/* */, Lua's --[[ ]]), ``hash`` (#), ``dash``
    (--) or ``tstring`` (a Python triple-quoted string, which may be a docstring).
    """

    name: str
    stop_chars: str
    skips: tuple
    comments: tuple


def _escaped_string(quote: str, multiline: bool = False) -> str:
    r"""A string literal between two ``quote`` characters, with backslash escapes.

    It matches exactly what ``"(?:[^"\\\n]|\\[\s\S])*"`` matches, written as an "unrolled
    loop": a run of plain characters is one step of the engine instead of one alternation
    per character (strings and docstrings are a large share of source text). A backslash
    always starts a pair, so a literal can only be read one way and the possessive
    quantifiers never cut off a match the plain ones would find.
    """
    newline = "" if multiline else r"\n"
    plain = rf"[^{quote}\\{newline}]*{POSSESSIVE}"
    return rf"{quote}{plain}(?:\\[\s\S]{plain})*{POSSESSIVE}{quote}"


def _triple_quoted(quote: str) -> str:
    """A Python triple-quoted string, unterminated ones running to the end (unrolled like _escaped_string)."""
    plain = rf"[^{quote}\\]*{POSSESSIVE}"
    return rf"{quote * 3}{plain}(?:(?:\\[\s\S]|{quote}(?!{quote * 2})){plain})*{POSSESSIVE}(?:{quote * 3}|\Z)"


def _fallback(chars: str) -> str:
    """One of ``chars`` on its own: the skip loop's last resort, so it always makes progress."""
    return "[" + re.escape(chars).replace("]", r"\]") + "]"


_DQ = _escaped_string('"')
_SQ = _escaped_string("'")
_DQ_MULTI = _escaped_string('"', multiline=True)
_SQ_MULTI = _escaped_string("'", multiline=True)
_CHAR = r"'(?:\\(?:x[0-9a-fA-F]+|u\{[0-9a-fA-F]+\}|[0-7]{1,3}|[\s\S])|[^'\\\n])'"
_TRIPLE_DQ = r'"""[\s\S]*?(?:"""|\Z)'
_LINE_SLASH = r"(?P<line>//[^\n]*)"
_BLOCK_SLASH = rf"(?P<block>/\*(?:[^*]+{POSSESSIVE}|\*(?!/))*{POSSESSIVE}(?:\*/)?)"
_HASH = r"(?P<hash>#[^\n]*)"
_SLASH = r"/(?![/*])"  # a slash that starts no comment: division, a path in a string-free context
# A JavaScript regex literal can only follow an operator or keyword; after an
# identifier or ")" a slash divides. Up to two spaces are allowed in between.
_REGEX_AFTER = "".join(
    rf"(?<={prefix})|" for prefix in (r"[(,=:\[!&|?{};]", r"[(,=:\[!&|?{};] ", r"[(,=:\[!&|?{};]  ", "return ")
).rstrip("|")
_JS_REGEX = rf"(?:{_REGEX_AFTER})/(?![/*])(?:[^/\\\n\[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/"


# Kotlin and Swift nest block comments: "/* a /* b */ c */" is one comment. One level of
# nesting is read (deeper is rare); the alternatives start with different characters, so
# the possessive loop never gives back a match the plain one would find. An unclosed inner
# comment runs to the end, as an unclosed outer one does: were it to fail instead, every
# later "/*" would rescan the rest of the file (quadratic in a file of "/* /* /* ...").
_NESTED_BLOCK_SLASH = (rf"(?P<block>/\*(?:[^*/]+{POSSESSIVE}|\*(?!/)|/(?!\*)|"
                       rf"/\*(?:[^*]+{POSSESSIVE}|\*(?!/))*{POSSESSIVE}(?:\*/|\Z))*{POSSESSIVE}(?:\*/)?)")


def _c_like(name: str, lead_skips=(), extra_skips=(), extra_stop: str = "", block: str = _BLOCK_SLASH) -> Syntax:
    """// and /* */ comments, "..." strings and 'c' characters; ``lead_skips`` are string forms tried first."""
    skips = tuple(lead_skips) + (_DQ, _CHAR, _SLASH) + tuple(extra_skips) + (_fallback("\"'" + extra_stop),)
    return Syntax(name, "/\"'" + extra_stop, skips, (_LINE_SLASH, block))


C_SYNTAX = _c_like("c", lead_skips=[r'(?<=R)"(?P<raw>[^()\\\s"]{0,16})\([\s\S]*?\)(?P=raw)"'])  # C++ raw strings
JAVA_SYNTAX = _c_like("java", lead_skips=[_TRIPLE_DQ])  # text blocks (Java), raw strings (Scala)
# Raw strings ("""...""") as in Java; block comments nest.
KOTLIN_SYNTAX = _c_like("kotlin", lead_skips=[_TRIPLE_DQ], block=_NESTED_BLOCK_SLASH)
SWIFT_SYNTAX = _c_like("swift", lead_skips=[_TRIPLE_DQ], block=_NESTED_BLOCK_SLASH)
GO_SYNTAX = _c_like("go", extra_skips=[r"`[^`]*`"], extra_stop="`")
CSHARP_SYNTAX = _c_like("csharp", lead_skips=[_TRIPLE_DQ, r'(?<=@)"(?:[^"]|"")*"'])
JAVASCRIPT_SYNTAX = Syntax(
    "javascript", "/\"'`",
    (_DQ, _SQ, _escaped_string("`", multiline=True), _JS_REGEX, _SLASH, _fallback("\"'`")),
    (_LINE_SLASH, _BLOCK_SLASH),
)
RUST_SYNTAX = Syntax(
    "rust", "/\"'#",
    (r'(?<=r)(?P<hashes>#+)"[\s\S]*?"(?P=hashes)', r'(?<=r)"[^"]*"', _DQ_MULTI, _CHAR, _SLASH, _fallback("\"'#")),
    (_LINE_SLASH, _BLOCK_SLASH),
)
PHP_SYNTAX = Syntax(
    "php", "/\"'#",
    (_DQ_MULTI, _SQ_MULTI, r"#\[", _SLASH, _fallback("\"'")),
    (_LINE_SLASH, _HASH, _BLOCK_SLASH),
)
PYTHON_SYNTAX = Syntax(
    "python", "#'\"",
    (r"(?!''')" + _SQ, r'(?!""")' + _DQ, r"""(?!'''|\"\"\")['"]"""),
    (_HASH, rf"(?P<tstring>{_triple_quoted(chr(39))}|{_triple_quoted(chr(34))})"),
)
SHELL_SYNTAX = Syntax(
    "shell", "#'\"\\",
    (r"\\[\s\S]", r"'[^']*'", _DQ_MULTI, r"(?<=[^\s;|&(])#", _fallback("'\"")),
    (_HASH,),
)
HASH_SYNTAX = Syntax("ruby", "#'\"", (_SQ_MULTI, _DQ_MULTI, _fallback("'\"")), (_HASH,))  # Ruby, R, Perl
LUA_SYNTAX = Syntax(
    "lua", "-'\"[",
    (_SQ, _DQ, r"\[(?P<leq>=*)\[[\s\S]*?\](?P=leq)\]", r"-(?!-)", r"\[", _fallback("'\"")),
    (r"(?P<block>--\[(?P<ceq>=*)\[[\s\S]*?(?:\](?P=ceq)\]|\Z))", r"(?P<dash>--[^\n]*)"),
)


# --- how definitions look ------------------------------------------------------------

@dataclass(frozen=True)
class DefinitionSyntax:
    """How a language's functions and types are written, for finding them and the docs on them.

    ``pattern`` finds the definitions whose documentation is checked, with named groups
    ``f`` (function), ``t`` (type), ``c`` (a function bound to a constant) or ``m`` (a
    method-shaped declaration) for the name, ``mods`` for modifiers and ``export``.
    """

    pattern: re.Pattern
    header_pattern: Optional[re.Pattern] = None  # used instead of ``pattern`` in a header file
    anchor_pattern: Optional[re.Pattern] = None  # any definition, public or not, a doc comment attaches to
    indented: bool = False  # Python: nesting by indentation; a definition inside a private one is private
    statement_words: frozenset = frozenset()  # method-shaped matches named so (or assigning) are statements
    overrides_inherit_docs: bool = False  # a definition under @Override is documented where it is declared
    export_keyword: Optional[str] = None  # in a file that uses it, only what it marks is public
    # Scan with each run of four or more spaces cut to three: a pattern whose return type may
    # begin with a space tries every split of a run between the indent or modifiers and the
    # type (cubic in a long run); no match needs more than three spaces of one run (the
    # modifiers' separator, a type of one space, the space before the name).
    squeeze_spaces: bool = False


# A C parameter list may span lines, so its pattern cannot stop at a newline; this cap keeps
# a file of unclosed "f(" lines linear instead of rescanning the rest of the file from each one.
MAX_SIGNATURE_CHARS = 2000
_SIGNATURE_SPAN = f"{{0,{MAX_SIGNATURE_CHARS}}}"

# Anchored on a newline rather than on ``^`` with MULTILINE: a literal first character
# lets the engine jump from line to line instead of trying every offset, which made this
# scan several times faster. The text gets a leading newline, so a match starts at the
# offset of its line in the original text. The indent is possessive because only
# "async", "def" or "class" may follow it, never a space or tab to give back.
PYTHON_DEFINITIONS = DefinitionSyntax(
    re.compile(rf"\n([ \t]*{POSSESSIVE})(?:async[ \t]+)?(def|class)[ \t]+(\w+)"), indented=True)
GO_DEFINITIONS = DefinitionSyntax(re.compile(
    r"^(?:package[ \t]+(?P<p>\w+)|func[ \t]+(?P<recv>\([^)\n]*\)[ \t]*)?(?P<f>[A-Za-z_]\w*)|type[ \t]+(?P<t>[A-Za-z_]\w*))",
    re.MULTILINE))
JAVASCRIPT_DEFINITIONS = DefinitionSyntax(re.compile(
    r"^(?P<export>export[ \t]+(?:default[ \t]+)?)?(?:declare[ \t]+)?(?:abstract[ \t]+)?(?:async[ \t]+)?"
    r"(?:function\*?[ \t]*(?P<f>[A-Za-z_$][\w$]*)|(?:class|interface|enum|type)[ \t]+(?P<t>[A-Za-z_$][\w$]*)|"
    r"(?:const|let|var)[ \t]+(?P<c>[A-Za-z_$][\w$]*)[ \t]*(?::[^=\n]+)?=[ \t]*(?:async[ \t]*)?"
    r"(?:\([^)\n]*\)|[A-Za-z_$][\w$]*)[ \t]*(?::[^=\n]+)?=>)",
    re.MULTILINE), export_keyword="export")
# One declaration shape for the languages written like Java (and C#): modifiers, then a
# type keyword, a function keyword (fun, func, def) or a return type before a method name.
# The return type may itself be modifier words ("public Foo(" is a constructor), so the
# engine tries every count of modifiers against every end of the type: quadratic in a
# line of modifiers (a 70 KB one took 80 s). Counting at most MAX_MODIFIERS of them (real
# declarations have up to six) and squeezing runs of spaces (``squeeze_spaces``) keep
# each line linear.
MAX_MODIFIERS = 16
_JAVA_LIKE = re.compile(
    r"^[ \t]*(?P<mods>(?:(?:public|protected|private|static|final|abstract|synchronized|native|default|sealed|"
    r"open|override|internal|data|suspend|inline|virtual|async|partial|readonly|fileprivate|unsafe|"
    rf"extern|new)[ \t]+){{0,{MAX_MODIFIERS}}})(?:(?:class|interface|enum|record|struct|object|protocol|trait|@interface)[ \t]+"
    r"(?P<t>[A-Za-z_]\w*)|(?:fun|func|def)[ \t]+(?:<[^>\n]*>[ \t]*)?(?:[\w.]+\.)?(?P<f>[A-Za-z_]\w*)|"
    r"(?:<[^>\n]*>[ \t]*)?[\w.<>\[\],? ]+?[ \t]+(?P<m>[A-Za-z_]\w*)[ \t]*\((?![^)\n]*\)[ \t]*;))",
    re.MULTILINE,
)
JAVA_DEFINITIONS = DefinitionSyntax(
    _JAVA_LIKE,
    squeeze_spaces=True,
    statement_words=frozenset({"if", "for", "while", "switch", "catch", "return", "new", "else", "synchronized",
                               "throw", "try", "do"}),
    overrides_inherit_docs=True,
)
CSHARP_DEFINITIONS = DefinitionSyntax(_JAVA_LIKE, squeeze_spaces=True)
# Kotlin declares with a keyword, never with a return type in front, so a call or a throw
# can never look like a declaration. Annotations may share the line.
_KOTLIN_MODIFIERS = ("public|private|protected|internal|open|abstract|final|sealed|data|value|annotation|enum|inner|"
                     "override|suspend|inline|tailrec|operator|infix|external|expect|actual")
KOTLIN_DEFINITIONS = DefinitionSyntax(re.compile(
    rf"^[ \t]*(?:@[\w.]+(?:\([^)\n]*\))?[ \t]+)*(?P<mods>(?:(?:{_KOTLIN_MODIFIERS})[ \t]+)*)"
    r"(?:(?:class|(?:fun[ \t]+)?interface|object|typealias)[ \t]+(?P<t>[A-Za-z_]\w*)|"
    r"fun[ \t]+(?:<[^>\n]*>[ \t]*)?(?:[\w.<>?, ]+\.)?(?P<f>[A-Za-z_]\w*))",
    re.MULTILINE))
# Swift likewise; "class" is also a modifier (class func), which backtracking sorts out.
_SWIFT_MODIFIERS = ("public|open|internal|fileprivate|private|static|class|final|override|mutating|nonmutating|"
                    "convenience|required|indirect|dynamic|lazy|nonisolated")
SWIFT_DEFINITIONS = DefinitionSyntax(re.compile(
    rf"^[ \t]*(?:@\w+(?:\([^)\n]*\))?[ \t]+)*(?P<mods>(?:(?:{_SWIFT_MODIFIERS})[ \t]+)*)"
    r"(?:(?:class|struct|enum|protocol|actor|typealias)[ \t]+(?P<t>[A-Za-z_]\w*)|func[ \t]+(?P<f>[A-Za-z_]\w*))",
    re.MULTILINE))
RUST_DEFINITIONS = DefinitionSyntax(re.compile(
    r"^[ \t]*pub(?P<scope>\([^)\n]*\))?[ \t]+(?:(?:async|unsafe|const|extern[ \t]+\"[^\"]*\")[ \t]+)*"
    r"(?:fn[ \t]+(?P<f>\w+)|(?:struct|enum|trait|type|union)[ \t]+(?P<t>\w+))",
    re.MULTILINE))
PHP_DEFINITIONS = DefinitionSyntax(re.compile(
    r"^[ \t]*(?P<mods>(?:(?:public|protected|private|static|abstract|final)[ \t]+)*)"
    r"(?:function[ \t]+&?(?P<f>\w+)|(?:class|interface|trait|enum)[ \t]+(?P<t>\w+))",
    re.MULTILINE))
RUBY_DEFINITIONS = DefinitionSyntax(re.compile(
    r"^[ \t]*(?:def[ \t]+(?:self\.)?(?P<f>\w+[?!=]?)|(?:class|module)[ \t]+(?P<t>[A-Z]\w*))", re.MULTILINE))
# What comes before a C/C++ function's name: a type (words, ::, templates, pointers and
# references) and a separator. The type ends on a character that is not blank and the
# separator is possessive, so a run of spaces and tabs is crossed once: with a lazy type that
# could end on any blank, every split of a run was tried (cubic: a 16 KB line took 24 s).
# Both forms match the same text (tests/test_source_languages.py keeps the old one as an oracle).
_C_RETURN_TYPE = r"(?:[A-Za-z_](?:[\w:<>,*& \t]*?[\w:<>,*&])??[\s*&]++)"
C_DEFINITIONS = DefinitionSyntax(
    # A C or C++ source file's own API: top-level function definitions that are not static
    # (the linker exports them), with the return type on the same line or the one above.
    # Types and prototypes in a source file are its private business, so only bodies count.
    re.compile(
        r"^(?!static\b|typedef\b|return\b|else\b|if\b|while\b|for\b|switch\b|case\b|define\b|using\b|extern\b|"
        r"inline\b)" + _C_RETURN_TYPE + r"(?P<f>[A-Za-z_]\w*)[ \t]*\([^;{}]" + _SIGNATURE_SPAN
        + r"\)[ \t]*(?:const)?[ \t]*(?:\{|$)(?![\s\n]*;)",
        re.MULTILINE,
    ),
    # A header's API: its types and its prototypes (or inline definitions).
    header_pattern=re.compile(
        r"^(?!static\b|typedef\b|return\b|else\b|if\b|while\b|for\b|switch\b|case\b|define\b|using\b)"
        r"(?:(?:struct|class|union|enum)[ \t]+(?P<t>[A-Za-z_]\w*)[ \t]*(?::[^;{\n]*)?\{?[ \t]*$|"
        + _C_RETURN_TYPE + r"(?P<f>[A-Za-z_]\w*)[ \t]*\([^;{}]" + _SIGNATURE_SPAN
        + r"\)[ \t]*(?:const)?[ \t]*(?:;|\{|$))",
        re.MULTILINE,
    ),
    # Any top-level C/C++ function or type definition, in headers and sources alike.
    anchor_pattern=re.compile(
        r"^(?!typedef\b|return\b|else\b|if\b|while\b|for\b|switch\b|case\b|using\b|#)"
        r"(?:(?:typedef[ \t]+)?(?:struct|class|union|enum)[ \t]+[A-Za-z_]\w*[ \t]*(?::[^;{\n]*)?\{?[ \t]*$|"
        + _C_RETURN_TYPE + r"[A-Za-z_][\w:~]*[ \t]*\([^;{}]" + _SIGNATURE_SPAN
        + r"\)[ \t]*(?:const)?[ \t]*(?:\{|$)|"
        r"#define[ \t]+\w+)",
        re.MULTILINE,
    ),
)


# --- which definitions are public API ---------------------------------------------------
# Each takes (name, named groups of the match, whether the file uses its export keyword)
# and answers True, False, or None for a match that is not a declaration after all.

Visibility = Callable[[str, dict, bool], Optional[bool]]


def _modifiers(groups: dict) -> set:
    return set((groups.get("mods") or "").split())


def python_public(name: str, groups: dict, has_exports: bool) -> Optional[bool]:
    """A leading underscore is private by convention; test_ functions are for the test runner, not readers."""
    return not name.startswith("_") and not name.startswith("test")


# Methods that satisfy a standard library interface (error, fmt.Stringer and fmt.Formatter,
# errors' Unwrap/Is/As, sort.Interface, io, encoding and json marshalers, http.Handler): the
# interface documents them, as Kotlin's override is documented where it is declared.
_GO_INTERFACE_METHODS = frozenset(
    "Error String GoString Format Unwrap Is As Len Less Swap Read Write Close Seek ReadFrom WriteTo "
    "MarshalJSON UnmarshalJSON MarshalText UnmarshalText MarshalBinary UnmarshalBinary MarshalYAML "
    "UnmarshalYAML ServeHTTP".split()
)
# The receiver's type: "(d *Decoder)", "(Decoder)", "(m Map[K, V])".
_GO_RECEIVER_TYPE = re.compile(r"\(\s*(?:\w+\s+)?\*?\s*(\w+)")


def go_public(name: str, groups: dict, has_exports: bool) -> Optional[bool]:
    """Go exports exactly the capitalised names; a method is reachable only through an exported
    type, and one that a standard interface names is documented by that interface."""
    if not name[:1].isupper():
        return False
    receiver = groups.get("recv")
    if not receiver:
        return True
    found = _GO_RECEIVER_TYPE.match(receiver)
    if found and not found.group(1)[:1].isupper():
        return False
    return name not in _GO_INTERFACE_METHODS


def javascript_public(name: str, groups: dict, has_exports: bool) -> Optional[bool]:
    if groups.get("export"):
        return True
    if has_exports:
        return False  # a module with exports says what its API is
    return not name.startswith("_") and groups.get("c") is None


def java_public(name: str, groups: dict, has_exports: bool) -> Optional[bool]:
    """Java, C#, Dart, Groovy: what says public (or protected, for members a subclass uses)."""
    mods = _modifiers(groups)
    if groups.get("m") and not mods:
        return None  # a statement or local call, not a declaration
    return "public" in mods or ("protected" in mods and groups.get("t") is None)


def kotlin_public(name: str, groups: dict, has_exports: bool) -> Optional[bool]:
    """Kotlin, Scala: public unless marked otherwise; an override is documented where it is declared."""
    return not ({"private", "internal", "override", "protected"} & _modifiers(groups)) and not name.startswith("_")


def swift_public(name: str, groups: dict, has_exports: bool) -> Optional[bool]:
    """Swift: internal by default; only public and open reach other modules."""
    mods = _modifiers(groups)
    return "public" in mods or "open" in mods


def php_public(name: str, groups: dict, has_exports: bool) -> Optional[bool]:
    return not ({"private", "protected"} & _modifiers(groups)) and not name.startswith("__")


def ruby_public(name: str, groups: dict, has_exports: bool) -> Optional[bool]:
    return not name.startswith("_") and name != "initialize"


def rust_public(name: str, groups: dict, has_exports: bool) -> Optional[bool]:
    """Rust: the pattern finds only `pub` items; `pub(crate)`, `pub(super)` and `pub(in path)`
    stay inside the crate, as Swift's internal does, so they are no one else's interface."""
    return not groups.get("scope")


def c_public(name: str, groups: dict, has_exports: bool) -> Optional[bool]:
    # main is a program's entry point, not an interface; _names and MACROS are internal.
    return not name.startswith("_") and not name.isupper() and name != "main"


# --- where documentation goes ------------------------------------------------------------

INSIDE = "inside"  # Python: the docstring, the first statement of the body
ABOVE = "above"  # a comment right above the definition (Javadoc, JSDoc, KDoc, rustdoc...)
# Go: any comment right above a declaration is its doc comment (godoc), whatever its markers.
COMMENT_ABOVE_IS_DOC = "comment above is doc"
# C and C++: above the definition in a source file or above the prototype in a header.
ABOVE_DEFINITION_OR_PROTOTYPE = "above definition or prototype"


# --- the table ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Language:
    """One source language: everything the analysis needs to know about it, in one place."""

    name: str
    extensions: tuple  # lower-case suffixes, dot included; () when only an explicit language selects it
    syntax: Syntax
    definitions: Optional[DefinitionSyntax] = None  # None: its definitions are not checked for docs
    public: Optional[Visibility] = None
    docs: str = ABOVE
    header_extensions: tuple = ()  # of ``extensions``: files that declare an interface (C headers)


LANGUAGES = (
    Language("python", (".py", ".pyi"), PYTHON_SYNTAX, PYTHON_DEFINITIONS, python_public, INSIDE),
    Language("c", (".c", ".h"), C_SYNTAX, C_DEFINITIONS, c_public, ABOVE_DEFINITION_OR_PROTOTYPE,
             header_extensions=(".h",)),
    Language("cpp", (".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx"), C_SYNTAX, C_DEFINITIONS, c_public,
             ABOVE_DEFINITION_OR_PROTOTYPE, header_extensions=(".hpp", ".hh", ".hxx")),
    # ".m" is Objective-C or MATLAB/Octave, which comments with "%": the suffix alone cannot
    # tell, so only an explicit language selects Objective-C.
    Language("objective-c", (), C_SYNTAX, C_DEFINITIONS, c_public, ABOVE_DEFINITION_OR_PROTOTYPE),
    Language("java", (".java",), JAVA_SYNTAX, JAVA_DEFINITIONS, java_public),
    Language("kotlin", (".kt", ".kts"), KOTLIN_SYNTAX, KOTLIN_DEFINITIONS, kotlin_public),
    Language("scala", (".scala",), JAVA_SYNTAX, JAVA_DEFINITIONS, kotlin_public),
    Language("swift", (".swift",), SWIFT_SYNTAX, SWIFT_DEFINITIONS, swift_public),
    Language("dart", (".dart",), JAVA_SYNTAX, JAVA_DEFINITIONS, java_public),
    Language("groovy", (), JAVA_SYNTAX, JAVA_DEFINITIONS, java_public),
    Language("go", (".go",), GO_SYNTAX, GO_DEFINITIONS, go_public, COMMENT_ABOVE_IS_DOC),
    Language("javascript", (".js", ".mjs", ".cjs", ".jsx"), JAVASCRIPT_SYNTAX, JAVASCRIPT_DEFINITIONS,
             javascript_public),
    Language("typescript", (".ts", ".tsx", ".mts", ".cts"), JAVASCRIPT_SYNTAX, JAVASCRIPT_DEFINITIONS,
             javascript_public),
    Language("vue", (".vue",), JAVASCRIPT_SYNTAX, JAVASCRIPT_DEFINITIONS, javascript_public),
    Language("svelte", (".svelte",), JAVASCRIPT_SYNTAX, JAVASCRIPT_DEFINITIONS, javascript_public),
    Language("csharp", (".cs",), CSHARP_SYNTAX, CSHARP_DEFINITIONS, java_public),
    Language("rust", (".rs",), RUST_SYNTAX, RUST_DEFINITIONS, rust_public),
    Language("php", (".php",), PHP_SYNTAX, PHP_DEFINITIONS, php_public),
    Language("ruby", (".rb",), HASH_SYNTAX, RUBY_DEFINITIONS, ruby_public),
    Language("r", (".r",), HASH_SYNTAX, RUBY_DEFINITIONS, ruby_public),
    Language("perl", (), HASH_SYNTAX, RUBY_DEFINITIONS, ruby_public),
    Language("shell", (".sh", ".bash"), SHELL_SYNTAX),
    Language("lua", (".lua",), LUA_SYNTAX),
)

BY_NAME = {language.name: language for language in LANGUAGES}
BY_SUFFIX = {suffix: language for language in LANGUAGES for suffix in language.extensions}
# Suffix -> language name, for the collectors: a file with one of these suffixes is source.
SOURCE_SUFFIXES = {suffix: language.name for suffix, language in BY_SUFFIX.items()}
HEADER_SUFFIXES = frozenset(suffix for language in LANGUAGES for suffix in language.header_extensions)
# Languages whose functions are declared in one file and defined in another, documented in either.
PROTOTYPE_LANGUAGES = frozenset(language.name for language in LANGUAGES if language.docs == ABOVE_DEFINITION_OR_PROTOTYPE)


def language_for(path: str, language: Optional[str] = None) -> Optional[str]:
    """The language name to analyse ``path`` as (explicit language first, then the suffix)."""
    if language and language in BY_NAME:
        return language
    found = BY_SUFFIX.get(PurePosixPath(path).suffix.lower())
    return found.name if found else None


def supported_languages() -> list:
    """Language names analyze_source has a lexer for."""
    return sorted(BY_NAME)
