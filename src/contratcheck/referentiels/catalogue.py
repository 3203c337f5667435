"""Load and validate référentiel files into read-only lookup objects."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contratcheck.data import data_dir
from contratcheck.errors import ReferentielError
from contratcheck.loading.document import Document, load_document
from contratcheck.loading.schema import check_schema, display_path
from contratcheck.model import Finding, ItemInfo, Position, Severity
from contratcheck.rules.registry import make_finding


@dataclass(frozen=True)
class Source:
    """A public source of a référentiel."""

    key: str
    adresse: str
    titre: str = ""
    page: str | None = None


@dataclass(frozen=True)
class Axis:
    """An axis (enjeu, programme, pilier…) of a référentiel."""

    id: str
    libelle: str
    type: str
    parent: str | None = None
    parent_confiance: str = "confirme"
    alias: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, eq=False)
class Item:
    """An item (mesure, engagement) of a référentiel version."""

    referentiel: str
    id: str
    libelle: str
    axe: str
    sources: tuple[Source, ...]
    confiance: str
    position: Position
    id_domaine: str | None = None
    numero_officiel: int | None = None
    declinable_localement: bool = True
    equivalents: tuple[str, ...] = ()
    chiffres: str = ""
    retire_le: str | None = None
    successeurs: tuple[str, ...] = ()
    depuis: str | None = None
    controle: str | None = None
    valeur: str | None = None

    @property
    def reference(self) -> str:
        return f"{self.referentiel}:{self.id}"

    @property
    def retired(self) -> bool:
        return self.retire_le is not None

    @functools.cached_property
    def info(self) -> ItemInfo:
        """The item as coverage reports cite it (one shared value)."""
        return ItemInfo(
            self.reference,
            self.id_domaine,
            self.libelle,
            self.axe,
            self.confiance,
            tuple(f"{s.adresse}, p. {s.page}" if s.page else s.adresse for s in self.sources),
        )


@dataclass(frozen=True)
class Referentiel:
    """One version of a référentiel."""

    id: str
    version: str
    titre: str
    statut: str
    nature: str
    file: str
    unite: str
    unite_feminin: bool
    axes: tuple[Axis, ...]
    items: tuple[Item, ...]
    sources: tuple[Source, ...]
    items_annonces: int | None = None
    national: bool = False
    generations: tuple[str, ...] = ()
    depuis: str | None = None
    remplace_par: str | None = None
    description: str = ""
    note: str = ""
    signataires: tuple[str, ...] = ()
    date_texte: str | None = None
    _by_id: dict[str, Item] = field(default_factory=dict, repr=False, compare=False)

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    def item(self, item_id: str) -> Item | None:
        return self._by_id.get(item_id)

    def axis(self, axis_id: str) -> Axis | None:
        return next((a for a in self.axes if a.id == axis_id), None)

    def current_items(self) -> list[Item]:
        """Items not retired in this version."""
        return [i for i in self.items if not i.retired]


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
            depuis=raw.get("depuis"),
            controle=raw.get("controle"),
            valeur=raw.get("valeur"),
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
        depuis=applicable.get("depuis"),
        remplace_par=data.get("remplace_par"),
        description=data.get("description", ""),
        note=data.get("note", ""),
        signataires=tuple(data.get("signataires", [])),
        date_texte=data.get("date_texte"),
        _by_id=by_id,
    )
    return referentiel, findings


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _read_terms(document: Document) -> list[Term]:
    return [
        Term(
            id=raw["id"],
            motifs=tuple(raw["motifs"]),
            remplace_par=raw["remplace_par"],
            depuis=raw["depuis"],
            texte=raw["texte"],
            sources=tuple(raw["sources"]),
            confiance=raw["confiance"],
            file=document.name,
        )
        for raw in document.data["termes"]
    ]


def read_referentiel(path: Path) -> tuple[Referentiel | list[Term] | None, list[Finding]]:
    """Read and validate one référentiel file (or a file of outdated terms)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ReferentielError(f"référentiel illisible : {path} ({error.strerror})") from error
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


@dataclass(frozen=True)
class Term:
    """A term that a later text made outdated (CGET → ANCT…)."""

    id: str
    motifs: tuple[str, ...]
    remplace_par: str
    depuis: str
    texte: str
    sources: tuple[str, ...]
    confiance: str
    file: str


@dataclass(frozen=True)
class Catalogue:
    """Every loaded référentiel version, by id, oldest version first, and the outdated terms."""

    versions: dict[str, tuple[Referentiel, ...]]
    terms: tuple[Term, ...] = ()

    def ids(self) -> list[str]:
        return sorted(self.versions)

    def get(self, referentiel_id: str, version: str | None = None) -> Referentiel | None:
        versions = self.versions.get(referentiel_id, ())
        if version is None:
            return versions[-1] if versions else None
        return next((r for r in versions if r.version == version), None)

    def in_force(self, referentiel_id: str, date: dt.date) -> Referentiel | None:
        """The newest version whose date is on or before the given date."""
        candidates = [
            r for r in self.versions.get(referentiel_id, ()) if r.version <= date.isoformat()
        ]
        return candidates[-1] if candidates else None

    def find_item(self, reference: str) -> Item | None:
        """Find an item by ``ref:item`` in the newest version that knows it."""
        referentiel_id, _, item_id = reference.partition(":")
        for version in reversed(self.versions.get(referentiel_id, ())):
            item = version.item(item_id)
            if item is not None:
                return item
        return None

    @functools.cached_property
    def item_infos(self) -> dict[str, ItemInfo]:
        """The shared description of every item, newest version first."""
        infos: dict[str, ItemInfo] = {}
        for versions in self.versions.values():
            for referentiel in reversed(versions):
                for item in referentiel.items:
                    infos.setdefault(item.reference, item.info)
        return infos

    def all_references(self) -> list[str]:
        return sorted({i.reference for rs in self.versions.values() for r in rs for i in r.items})


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def read_catalogue(
    extra: Iterable[Path] = (), shipped: bool = True
) -> tuple[Catalogue, list[Finding]]:
    """Read the shipped référentiels and any extra folders or files, with every finding."""
    paths = _files(data_dir("referentiels")) if shipped else []
    for place in extra:
        if place.is_dir():
            paths.extend(_files(place))
        elif place.is_file():
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
    return catalogue, findings


def _check_equivalents(catalogue: Catalogue) -> list[Finding]:
    findings = []
    for versions in catalogue.versions.values():
        for referentiel in versions:
            for item in referentiel.items:
                for equivalent in item.equivalents:
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


@dataclass(frozen=True)
class Relabel:
    """An item whose label changed between two versions."""

    id: str
    avant: str
    apres: str


@dataclass(frozen=True)
class Diff:
    """What changed between two versions of a référentiel."""

    avant: Referentiel
    apres: Referentiel
    ajoutes: tuple[Item, ...]
    retires: tuple[Item, ...]
    supprimes: tuple[Item, ...]
    relibelles: tuple[Relabel, ...]


def diff_versions(before: Referentiel, after: Referentiel) -> Diff:
    """Items added, retired, removed (absent: should never happen) and relabelled."""
    added = tuple(i for i in after.items if before.item(i.id) is None)
    retired = tuple(
        i
        for i in after.items
        if i.retired and (old := before.item(i.id)) is not None and not old.retired
    )
    removed = tuple(i for i in before.items if after.item(i.id) is None)
    relabelled = tuple(
        Relabel(i.id, old.libelle, i.libelle)
        for i in after.items
        if (old := before.item(i.id)) is not None and old.libelle != i.libelle
    )
    return Diff(before, after, added, retired, removed, relabelled)


def parse_key(text: str, catalogue: Catalogue) -> Referentiel:
    """Resolve ``ID`` (newest version) or ``ID@AAAA-MM-JJ``; raise a usage error otherwise."""
    from contratcheck.errors import UsageError

    referentiel_id, _, version = text.partition("@")
    if referentiel_id not in catalogue.versions:
        raise UsageError(
            f"référentiel « {referentiel_id} » inconnu ; connus : {', '.join(catalogue.ids())}"
        )
    found = catalogue.get(referentiel_id, version or None)
    if found is None:
        known = ", ".join(r.key for r in catalogue.versions[referentiel_id])
        raise UsageError(f"version « {text} » inconnue ; versions connues : {known}")
    return found
