"""Read and validate référentiel files (and files of outdated terms) into the catalogue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from contratcheck.data import data_dir
from contratcheck.errors import ReferentielError
from contratcheck.loading.document import Document, load_document, read_contract_file
from contratcheck.loading.reader import ReadError
from contratcheck.loading.schema import check_schema, display_path
from contratcheck.model import Finding, Position, Severity
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.referentiels.model import (
    AU_CHOIX,
    Axis,
    Force,
    Item,
    Referentiel,
    Source,
    Succession,
    Term,
)
from contratcheck.rules.base import make_finding


def _finding(code: str, message: str, document: Document, path: tuple[str | int, ...]) -> Finding:
    return make_finding(code, message, document.name, document.position(path), path)


def _build(document: Document) -> tuple[Referentiel, list[Finding]]:
    data: dict[str, Any] = document.data
    findings: list[Finding] = []
    sources = {
        key: Source(key, value["adresse"], value.get("titre", ""), _text(value.get("page")))
        for key, value in data["sources"].items()
    }

    def resolve_sources(keys: list[str], path: tuple[str | int, ...]) -> tuple[Source, ...]:
        found = []
        for index, key in enumerate(keys):
            if key in sources:
                found.append(sources[key])
            else:
                findings.append(
                    _finding(
                        "CC703",
                        f"source « {key} » inconnue : elle doit être définie sous « sources »",
                        document,
                        (*path, index),
                    )
                )
        return tuple(found)

    axes: list[Axis] = []
    seen_axes: set[str] = set()
    for index, raw in enumerate(data["axes"]):
        if raw["id"] in seen_axes:
            findings.append(
                _finding(
                    "CC701",
                    f"axe « {raw['id']} » défini deux fois",
                    document,
                    ("axes", index, "id"),
                )
            )
        seen_axes.add(raw["id"])
        axes.append(
            Axis(
                raw["id"],
                raw["libelle"],
                raw["type"],
                raw.get("parent"),
                raw.get("parent_confiance", "confirme"),
                tuple(raw.get("alias", [])),
                resolve_sources(raw["sources"], ("axes", index, "sources")),
            )
        )
    for index, axis in enumerate(axes):
        if axis.parent is not None and axis.parent not in seen_axes:
            findings.append(
                _finding(
                    "CC704",
                    f"axe parent « {axis.parent} » inconnu",
                    document,
                    ("axes", index, "parent"),
                )
            )
    items: list[Item] = []
    by_id: dict[str, Item] = {}
    for index, raw in enumerate(data["items"]):
        path: tuple[str | int, ...] = ("items", index)
        retire = raw.get("retire") or {}
        item = Item(
            referentiel=data["id"],
            id=raw["id"],
            libelle=raw["libelle"],
            axe=raw["axe"],
            sources=resolve_sources(raw["sources"], (*path, "sources")),
            confiance=raw["confiance"],
            position=document.position(path),
            id_domaine=raw.get("id_domaine"),
            numero_officiel=raw.get("numero_officiel"),
            declinable_localement=raw.get("declinable_localement", True),
            equivalents=tuple(raw.get("equivalents", [])),
            chiffres=raw.get("chiffres", ""),
            retire_le=retire.get("date"),
            successeurs=tuple(retire.get("successeurs", [])),
            retire_motif=str(retire.get("motif", "")),
            depuis=_date(raw.get("depuis")),
            controle=raw.get("controle"),
            valeur=raw.get("valeur"),
            force=_force(raw.get("force"), resolve_sources, (*path, "force", "sources")),
            contribue_a=tuple(raw.get("contribue_a", [])),
            succede_a=tuple(
                Succession(s["reference"], dt.date.fromisoformat(s["date"]), s.get("texte", ""))
                for s in raw.get("succede_a", [])
            ),
        )
        if item.id in by_id:
            findings.append(
                _finding(
                    "CC701",
                    f"item « {item.id} » défini deux fois "
                    f"(déjà ligne {by_id[item.id].position.line})",
                    document,
                    (*path, "id"),
                )
            )
        by_id.setdefault(item.id, item)
        if item.axe not in seen_axes:
            findings.append(
                _finding(
                    "CC704",
                    f"axe « {item.axe} » inconnu pour l'item « {item.id} »",
                    document,
                    (*path, "axe"),
                )
            )
        items.append(item)
    for index, item in enumerate(items):
        for number, successor in enumerate(item.successeurs):
            if ":" not in successor and successor not in by_id:
                findings.append(
                    _finding(
                        "CC702",
                        f"le successeur « {successor} » de l'item retiré « {item.id} » "
                        "n'existe pas dans ce référentiel",
                        document,
                        ("items", index, "retire", "successeurs", number),
                    )
                )
    unite = data["unite"]
    applicable = data.get("applicable", {})
    referentiel = Referentiel(
        id=data["id"],
        version=data["version"],
        titre=data["titre"],
        statut=data["statut"],
        nature=data["nature"],
        file=document.name,
        unite=unite["pluriel"],
        unite_feminin=unite["feminin"],
        axes=tuple(axes),
        items=tuple(items),
        sources=tuple(sources.values()),
        items_annonces=data.get("items_annonces"),
        national=data.get("national", False),
        generations=tuple(applicable.get("generations", [])),
        depuis=_date(applicable.get("depuis")),
        remplace_par=data.get("remplace_par"),
        description=data.get("description", ""),
        note=data.get("note", ""),
        signataires=tuple(data.get("signataires", [])),
        date_texte=data.get("date_texte"),
        _by_id=by_id,
    )
    return referentiel, findings


def _force(
    raw: object,
    resolve: Callable[[list[str], tuple[str | int, ...]], tuple[Source, ...]],
    path: tuple[str | int, ...],
) -> Force:
    """The item's force; the schema requires it on every shipped item."""
    if not isinstance(raw, dict):
        return AU_CHOIX
    return Force(
        raw["niveau"],
        raw["texte"],
        resolve(raw["sources"], path),
        bool(raw.get("par_defaut", False)),
    )


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _read_terms(document: Document) -> list[Term]:
    return [
        Term(
            id=raw["id"],
            motifs=tuple(raw["motifs"]),
            remplace_par=raw["remplace_par"],
            depuis=dt.date.fromisoformat(raw["depuis"]),
            texte=raw["texte"],
            sources=tuple(raw["sources"]),
            confiance=raw["confiance"],
            file=document.name,
            generations=tuple(raw.get("generations", [])),
            gravite=raw.get("gravite"),
        )
        for raw in document.data["termes"]
    ]


def read_referentiel(path: Path) -> tuple[Referentiel | list[Term] | None, list[Finding]]:
    """Read and validate one référentiel file (or a file of outdated terms)."""
    try:
        raw = read_contract_file(path)  # same bounds as a contract; too large is CC108
    except ReadError as error:
        raise ReferentielError(f"référentiel illisible : {path} ({error.reason})") from error
    document, findings = load_document(raw, str(path))
    if document is None:
        return None, findings
    kind = "obsolescence" if document.data.get("format") == "obsolescence/1" else "referentiel"
    findings.extend(check_schema(document, kind))
    if any(f.severity is Severity.ERREUR for f in findings):
        return None, findings
    if kind == "obsolescence":
        return _read_terms(document), findings
    referentiel, more = _build(document)
    return referentiel, findings + more


def _files(folder: Path) -> list[Path]:
    from contratcheck.loading.discovery import walk

    found = walk(folder)
    for problem in (f for f in found if f.problem is not None):
        raise ReferentielError(f"référentiels illisibles : {problem.name} ({problem.problem})")
    return [f.path for f in found]


def read_catalogue(
    extra: Iterable[Path] = (), shipped: bool = True
) -> tuple[Catalogue, list[Finding]]:
    """Read the shipped référentiels and any extra folders or files, with every finding."""
    paths = _files(data_dir("referentiels")) if shipped else []
    for place in extra:
        if place.is_dir():
            paths.extend(_files(place))
        elif place.exists():
            paths.append(place)
        else:
            raise ReferentielError(f"dossier de référentiels introuvable : {place}")
    findings: list[Finding] = []
    by_key: dict[str, Referentiel] = {}
    terms: list[Term] = []
    for path in paths:
        referentiel, more = read_referentiel(path)
        findings.extend(more)
        if referentiel is None:
            continue
        if isinstance(referentiel, list):
            terms.extend(referentiel)
            continue
        if referentiel.key in by_key:
            findings.append(
                make_finding(
                    "CC705",
                    f"le référentiel « {referentiel.key} » est déjà défini par "
                    f"{by_key[referentiel.key].file}",
                    referentiel.file,
                    Position(1, 1),
                )
            )
            continue
        by_key[referentiel.key] = referentiel
    versions: dict[str, list[Referentiel]] = {}
    for referentiel in by_key.values():
        versions.setdefault(referentiel.id, []).append(referentiel)
    catalogue = Catalogue(
        {key: tuple(sorted(rs, key=lambda r: r.version)) for key, rs in versions.items()},
        tuple(terms),
    )
    findings.extend(_check_equivalents(catalogue))
    findings.extend(_check_controls(catalogue))
    return catalogue, findings


def _check_equivalents(catalogue: Catalogue) -> list[Finding]:
    findings = []
    for versions in catalogue.versions.values():
        for referentiel in versions:
            for item in referentiel.items:
                for equivalent in (*item.equivalents, *item.contribue_a):
                    target_id = equivalent.partition(":")[0]
                    if target_id in catalogue.versions and catalogue.find_item(equivalent) is None:
                        findings.append(
                            make_finding(
                                "CC706",
                                f"l'équivalent « {equivalent} » de l'item « {item.id} » "
                                "n'existe pas",
                                referentiel.file,
                                item.position,
                            )
                        )
    return findings


def _check_controls(catalogue: Catalogue) -> list[Finding]:
    """Every ``controle`` an item names is one that some contract format evaluates (CC707)."""
    from contratcheck.formats.registry import control_names

    known = control_names()
    return [
        make_finding(
            "CC707",
            f"l'item « {item.id} » nomme le contrôle « {item.controle} », qu'aucun format de "
            "contrat ne connaît",
            referentiel.file,
            item.position,
            ("items", index, "controle"),
            "contrôles connus : " + ", ".join(sorted(known)),
        )
        for versions in catalogue.versions.values()
        for referentiel in versions
        for index, item in enumerate(referentiel.items)
        if item.controle is not None and item.controle not in known
    ]


def load_catalogue(extra: Iterable[Path] = ()) -> Catalogue:
    """Read every référentiel, or raise with the first errors in French (exit code 2)."""
    catalogue, findings = read_catalogue(extra)
    errors = [f for f in findings if f.severity is Severity.ERREUR]
    if errors:
        lines = [
            f"{f.file}:{f.position.line}:{f.position.column}: {f.code} {f.message}"
            + (f" ({display_path(f.path)})" if f.path else "")
            for f in errors[:20]
        ]
        raise ReferentielError("référentiel invalide :\n" + "\n".join(lines))
    return catalogue
