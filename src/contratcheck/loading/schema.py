"""Validate a Document against the contract JSON Schema and turn errors into French findings.

Two validators: jsonschema-rs answers « valid? » in about a millisecond for the common case;
only an invalid document goes through jsonschema, whose error tree lets us write one French
finding per mistake (best match inside ``oneOf``/``anyOf``, one finding per unknown key).

Schema finding codes:

| code  | jsonschema keyword                          | what the user reads                     |
|-------|---------------------------------------------|-----------------------------------------|
| CC200 | ``const`` on ``format``                     | format key missing or unknown           |
| CC201 | ``type``                                    | wrong type, with a quoting hint         |
| CC202 | ``required``, ``dependentRequired``         | a mandatory key is missing              |
| CC203 | ``additionalProperties``                    | unknown key, « vouliez-vous dire »      |
| CC204 | ``enum``, ``const``                         | value not allowed, with the choices     |
| CC205 | ``format: date``                            | malformed or non-existent date          |
| CC206 | ``pattern``                                 | malformed code, with the field's help   |
| CC207 | ``format: siren``                           | SIREN check digit (Luhn) is wrong       |
| CC208 | ``min*``/``max*``                           | value, text or list out of bounds       |
| CC209 | ``uniqueItems``                             | duplicate in a list                     |
| CC299 | anything else                               | generic French message                  |
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from contratcheck.data import data_dir
from contratcheck.loading.document import Document
from contratcheck.model import Finding, Position, YamlPath
from contratcheck.rules.base import make_finding

# Schemas that are not shipped files (a contract format registered by a test or a plug-in).
_EXTRA: dict[str, dict[str, Any]] = {}
# Unknown keys reported one by one in a mapping; beyond, one finding counts them.
MAX_UNKNOWN_KEYS = 100
_DATE_SHAPE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# A plain (unquoted) scalar where it starts, up to a flow indicator, a comment or the line end.
_PLAIN_TOKEN = re.compile(r"[^\s,\]}#]+")
_TYPES_FR = {
    "string": "un texte",
    "number": "un nombre",
    "integer": "un nombre entier",
    "boolean": "oui/non (true/false)",
    "array": "une liste (lignes commençant par « - »)",
    "object": "un bloc de clés",
    "null": "vide",
}


def is_siren(value: object) -> bool:
    """Check a SIREN's Luhn check digit; other shapes are left to the other keywords."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{9}", value):
        return True
    total = 0
    for index, char in enumerate(reversed(value)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def register_schema(name: str, schema: dict[str, Any]) -> None:
    """Make a schema that is not a shipped file available by name."""
    _EXTRA[name] = schema
    for cached in (load_schema, _fast_validator, _full_validator):
        cached.cache_clear()


def expected_format(name: str) -> str:
    """The ``format:`` value a schema requires (its ``format`` property's ``const``)."""
    return str(load_schema(name).get("properties", {}).get("format", {}).get("const", ""))


@cache
def load_schema(name: str = "contrat") -> dict[str, Any]:
    """Return a JSON Schema by name: a shipped file, or one registered."""
    if name in _EXTRA:
        return _EXTRA[name]
    path = data_dir("schemas") / f"{name}.schema.json"
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


@cache
def _fast_validator(name: str) -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(
        load_schema(name), formats={"siren": is_siren}, validate_formats=True
    )


@cache
def _full_validator(name: str) -> Any:
    import jsonschema

    checker = jsonschema.FormatChecker(formats=["date"])
    checker.checks("siren")(is_siren)
    return jsonschema.Draft202012Validator(load_schema(name), format_checker=checker)


def _pruned(schema: dict[str, Any], data: Any, bad: set[YamlPath]) -> dict[str, Any]:
    """The schema with the parts jsonschema-rs found valid accepted as they are.

    ``bad`` holds the instance paths of jsonschema-rs's errors. A top-level property present in
    the data without any becomes ``true``; in a top-level list (``items``), the items without
    any do too, through ``prefixItems`` (same instance paths, same titles on the schema path).
    jsonschema then walks only the faulty subtrees: a contract with one mistake among 150
    actions is translated in 6 ms instead of 72. Root keywords (``required``, unknown keys) run.
    """
    properties = schema.get("properties")
    if not isinstance(data, dict) or not isinstance(properties, dict):
        return schema
    kept: dict[str, Any] = {}
    for key, subschema in properties.items():
        inner = {path[1:] for path in bad if path and path[0] == key}
        if key not in data:  # a missing key's title names it in the « required » finding
            kept[key] = subschema
        else:
            kept[key] = _pruned_items(subschema, data[key], inner) if inner else True
    return {**schema, "properties": kept}


def _pruned_items(schema: Any, value: Any, bad: set[YamlPath]) -> Any:
    plain_items = (
        isinstance(schema, dict)
        and "items" in schema
        and not {"prefixItems", "unevaluatedItems"} & schema.keys()
    )
    if not plain_items or not isinstance(value, list) or () in bad:
        return schema
    indexes = {path[0] for path in bad}
    if not all(isinstance(index, int) for index in indexes):
        return schema
    items = schema["items"]
    prefix = [items if index in indexes else True for index in range(len(value))]
    return {**schema, "prefixItems": prefix}


def _errors(data: Any, name: str) -> tuple[list[Any], dict[str, Any]]:
    """jsonschema's leaf errors for invalid data, and the schema they were found with."""
    whole = load_schema(name)
    full = _full_validator(name)
    bad = {tuple(error.instance_path) for error in _fast_validator(name).iter_errors(data)}
    root = _pruned(whole, data, bad) if bad else whole
    if root is not whole:
        errors = list(_leaf_errors(full.evolve(schema=root).iter_errors(data)))
        if errors:
            return errors, root
    # Nothing pruned, or nothing found in what was kept (pruning is only a shortcut).
    return list(_leaf_errors(full.iter_errors(data))), whole


def is_valid_fast(data: Any, name: str = "contrat") -> bool:
    """Answer with jsonschema-rs only (used by the fast path and the agreement tests)."""
    return bool(_fast_validator(name).is_valid(data))


def is_valid_full(data: Any, name: str = "contrat") -> bool:
    """Answer with jsonschema only (used by the agreement tests)."""
    return bool(_full_validator(name).is_valid(data))


def display_path(path: YamlPath) -> str:
    """Write a YAML path as users read it: ``actions[3].calendrier.echeance``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(racine)"


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _TYPES_FR["object" if isinstance(value, dict) else "array"]
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _actual_type(value: Any) -> str:
    for name, kind in (
        ("boolean", bool),
        ("integer", int),
        ("number", float),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, kind):
            return name
    return "null"


def _label(schema: dict[str, Any], path: YamlPath) -> str:
    title = schema.get("title")
    where = display_path(path)
    return f"« {where} » ({title})" if title else f"« {where} »"


def _described(error: Any, root: dict[str, Any]) -> dict[str, Any]:
    """Return the subschema that carries the failing value's title and description.

    jsonschema reports the innermost subschema (often a shared ``$defs`` entry without a
    title); the title sits beside the ``$ref`` that led there, so walk the schema path.
    """
    node: Any = root
    described: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    for part in list(error.absolute_schema_path)[:-1]:
        if isinstance(node, dict) and "title" in node:
            described = node
        if isinstance(node, dict) and part not in node and "$ref" in node:
            node = _resolve(root, node["$ref"])
        node = node[part]
    if isinstance(node, dict) and "title" in node:
        described = node
    return described


def _resolve(root: dict[str, Any], ref: str) -> Any:
    target: Any = root
    for step in ref.removeprefix("#/").split("/"):
        target = target[step]
    return target


# Among the alternatives of an anyOf/oneOf, what a mistake in a value of the right kind says
# better than « wrong type » or « not the one allowed constant »: a date that does not exist
# (format), then a malformed one (pattern), then a bound.
_REVEALING = ("format", "pattern", "minimum", "maximum", "minLength", "maxLength", "enum")


def _closest(context: list[Any]) -> Any:
    """The alternative's error that tells the user what is wrong with the value they wrote.

    ``best_match`` may pick the « integer » branch for a mistyped date string (« doit être un
    nombre entier, pas un texte »): an alternative that failed only on the value's type, or on
    a single allowed constant (« inconnue »), is a branch the user did not mean when another
    one failed on the value itself.
    """
    from jsonschema.exceptions import best_match

    for keyword in _REVEALING:
        meant = [e for e in context if e.validator == keyword and not e.path]
        if meant:
            return best_match(meant)
    return best_match(context)


def _leaf_errors(errors: Iterator[Any]) -> Iterator[Any]:
    """Replace each oneOf/anyOf error by the closest match among its alternatives."""
    for error in errors:
        if error.context:
            yield from _leaf_errors(iter([_closest(list(error.context))]))
        else:
            yield error


class _Translator:
    """Turn one jsonschema error into findings about one document."""

    def __init__(self, document: Document, name: str) -> None:
        self.document = document
        self.root = load_schema(name)
        self.format = expected_format(name)

    def finding(
        self, code: str, message: str, path: YamlPath, position: Position, hint: str = ""
    ) -> Finding:
        return make_finding(code, message, self.document.name, position, path, hint)

    def _written(self, path: YamlPath, value: Any) -> str:
        """A scalar as the file writes it: YAML reads ``01053`` as the octal 555."""
        position = self.document.positions.get(path)
        lines = self.document.text.split("\n")
        if position is None or position.line > len(lines):
            return _value_text(value)
        token = _PLAIN_TOKEN.match(lines[position.line - 1], position.column - 1)
        return token.group(0) if token else _value_text(value)

    def translate(self, error: Any) -> Iterator[Finding]:
        path: YamlPath = tuple(error.absolute_path)
        schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
        described = _described(error, self.root)
        value = error.instance
        where = self.document.position(path)
        keyword = error.validator
        if keyword == "additionalProperties":
            allowed = sorted(schema.get("properties", {}))
            extras = [key for key in value if key not in schema.get("properties", {})]
            if len(extras) > MAX_UNKNOWN_KEYS:
                # A mapping of thousands of unknown keys is no contract: name a few, count the rest.
                yield self.finding(
                    "CC203",
                    f"{len(extras)} clés inconnues dans « {display_path(path)} » : seules les "
                    f"{MAX_UNKNOWN_KEYS} premières sont signalées une à une",
                    path,
                    where,
                    "clés permises ici : " + ", ".join(allowed),
                )
                extras = extras[:MAX_UNKNOWN_KEYS]
            for key in extras:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                suggestion = f" : vouliez-vous dire « {close[0]} » ?" if close else ""
                yield self.finding(
                    "CC203",
                    f"clé inconnue « {key} » dans « {display_path(path)} »{suggestion}",
                    (*path, key),
                    self.document.key_position((*path, key)),
                    "clés permises ici : " + ", ".join(allowed),
                )
            return
        if keyword == "required":
            missing = [key for key in error.validator_value if key not in value]
            for key in missing:
                title = schema.get("properties", {}).get(key, {}).get("title", "")
                about = f" ({title})" if title else ""
                yield self.finding(
                    "CC202",
                    f"clé obligatoire « {key} »{about} manquante dans « {display_path(path)} »",
                    (*path, key),
                    self.document.key_position(path) if path else Position(1, 1),
                )
            return
        if keyword == "const" and path == ("format",):
            yield self.finding(
                "CC200",
                f"format « {_value_text(value)} » inconnu : cette version de contratcheck lit "
                f"le format « {self.format} »",
                path,
                where,
                f"écrivez en tête du fichier : format: {self.format}",
            )
            return
        yield self._single(keyword, error, described, path, value, where)

    def _single(
        self,
        keyword: str,
        error: Any,
        schema: dict[str, Any],
        path: YamlPath,
        value: Any,
        where: Position,
    ) -> Finding:
        label = _label(schema, path)
        if keyword == "type":
            expected = error.validator_value
            names = [expected] if isinstance(expected, str) else list(expected)
            wanted = " ou ".join(_TYPES_FR.get(n, n) for n in names)
            actual = _TYPES_FR.get(_actual_type(value), "autre chose")
            hint = ""
            if (
                "string" in names
                and isinstance(value, (int, float))
                and not isinstance(value, bool)
            ):
                hint = f'écrivez la valeur entre guillemets : "{self._written(path, value)}"'
                if isinstance(value, int) and path and path[-1] in ("code_insee", "siren"):
                    hint += " (sans guillemets, un zéro initial est perdu)"
            return self.finding(
                "CC201", f"{label} doit être {wanted}, pas {actual}", path, where, hint
            )
        if keyword in ("enum", "const"):
            choices = error.validator_value if keyword == "enum" else [error.validator_value]
            text = _value_text(value)
            close = difflib.get_close_matches(text, [str(c) for c in choices], n=1, cutoff=0.6)
            hint = "valeurs permises : " + ", ".join(str(c) for c in choices)
            if text in [str(c) for c in choices]:
                hint = f'écrivez la valeur entre guillemets : "{text}"'
            suggestion = (
                f" : vouliez-vous dire « {close[0]} » ?" if close and close[0] != text else ""
            )
            return self.finding(
                "CC204",
                f"valeur « {text} » non autorisée pour {label}{suggestion}",
                path,
                where,
                hint,
            )
        if keyword == "format" and error.validator_value == "date":
            text = _value_text(value)
            # A date among other forms (AAAA-MM, AAAA, « inconnue »): the field says which.
            among = error.parent is not None and error.parent.validator in ("anyOf", "oneOf")
            forms = schema.get("description", "") if among else ""
            if _DATE_SHAPE.match(text):
                message = f"la date « {text} » n'existe pas, dans {label}"
            elif forms:
                message = f"« {text} » n'est pas une date reconnue, dans {label}"
            else:
                message = f"« {text} » n'est pas une date au format AAAA-MM-JJ, dans {label}"
            return self.finding("CC205", message, path, where, forms or "exemple : 2019-07-31")
        if keyword == "format" and error.validator_value == "siren":
            return self.finding(
                "CC207",
                f"le SIREN « {value} » n'est pas valide : sa clé de contrôle (dernier chiffre, "
                "algorithme de Luhn) ne correspond pas",
                path,
                where,
                "vérifiez chaque chiffre sur l'annuaire des entreprises (SIRENE)",
            )
        if keyword == "pattern":
            title = schema.get("title", "code")
            help_text = schema.get("description", "")
            return self.finding(
                "CC206",
                f"{title} mal formé : « {_value_text(value)} » ({display_path(path)})",
                path,
                where,
                help_text,
            )
        if keyword in ("minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum"):
            bound = error.validator_value
            message = {
                "minItems": f"{label} doit contenir au moins {bound} élément(s)",
                "maxItems": f"{label} contient plus de {bound} éléments",
                "minLength": (
                    f"{label} est vide"
                    if bound == 1
                    else f"{label} est trop court (au moins {bound} caractères)"
                ),
                "maxLength": f"{label} dépasse {bound} caractères",
                "minimum": f"{label} vaut {_value_text(value)}, en dessous du minimum {bound}",
                "maximum": f"{label} vaut {_value_text(value)}, au-dessus du maximum {bound}",
            }[keyword]
            return self.finding("CC208", message, path, where)
        if keyword == "uniqueItems":
            return self.finding("CC209", f"{label} contient deux fois le même élément", path, where)
        return self.finding(
            "CC299", f"{label} ne respecte pas le format du contrat ({keyword})", path, where
        )


def check_schema(document: Document, name: str = "contrat") -> list[Finding]:
    """Return one French finding per schema mistake in the document (none when valid)."""
    data = document.data
    findings: list[Finding] = []
    translator = _Translator(document, name)
    expected = expected_format(name)
    if "format" not in data:
        findings.append(
            translator.finding(
                "CC200",
                f"clé « format » manquante : la première clé du fichier est « format: {expected} »",
                ("format",),
                Position(1, 1),
                f"ajoutez en tête du fichier : format: {expected}",
            )
        )
    if is_valid_fast(data, name):
        return findings
    errors, translator.root = _errors(data, name)
    for error in errors:
        if error.validator == "required" and not error.absolute_path and "format" not in data:
            # The missing format key is already reported above, with a better message.
            error.validator_value = [k for k in error.validator_value if k != "format"]
        findings.extend(translator.translate(error))
    # jsonschema reports « required » once per missing key, each with the whole list.
    findings = list({(f.code, f.path, f.message): f for f in findings}.values())
    if not errors:
        # jsonschema-rs refused what jsonschema accepts (a regex corner case): say so plainly.
        for rs_error in _fast_validator(name).iter_errors(data):
            rs_path: YamlPath = tuple(rs_error.instance_path)
            findings.append(
                translator.finding(
                    "CC299",
                    f"« {display_path(rs_path)} » ne respecte pas le format du contrat",
                    rs_path,
                    document.position(rs_path),
                    rs_error.message,
                )
            )
    return findings
