"""The relocation agency a text is about (its fullest printed name, short forms such as 区征收办 kept
as printed) and its kind; another body doing the work when the text names none (bodies.py)."""

from __future__ import annotations

import re
from collections import Counter

from zhengchai.extract.bodies import other_body, strip_lead_in
from zhengchai.extract.gazetteer import Place, divisions

AGENCY_WORDS = r"(?:征收|征地|拆迁|征拆|征迁|土地|棚改|房屋|旧城改造|旧改)"
AGENCY_ENDS = (r"(?:事务中心|服务中心|征收中心|储备中心|管理中心|办公室|中心(?!主任)|管理局|局(?!长)|指挥部|工程处|"
               r"服务所|事务所|管理所|办(?!公|事|理|法|中心|所|处))")  # 经办中心 is one name
CN = r"\u4e00-\u9fa5"
DEPARTMENT = re.compile(
    rf"((?:[{CN}]{{2,4}}省)?(?:(?:[{CN}]{{2,5}}|[xX×]{{2}}|某某)市)?(?:[{CN}]{{1,12}}?(?:自治县|区|县|市))?(?:人民政府)?"
    rf"[{CN}]{{0,14}}?{AGENCY_WORDS}[{CN}]{{0,14}}?{AGENCY_ENDS})(?![{CN}]{{0,2}}(?:牌子|工作方案|制度|细则|办法))"
)
SHORT_DECLARED = re.compile(r"[（(]\s*以下简称\s*[“\"]?([^”\")）]{2,16})[”\"]?\s*[）)]")
HUNG_NAME = re.compile(rf"[（(]\s*(?:加)?挂\s*([{CN}]{{4,40}}?)\s*(?:的)?牌子?")


def agency_names(text: str) -> list[str]:
    """Every relocation agency the text names, as printed, without the words glued before it
    (现将区征收办 → 区征收办) and without firms hired for the work (…事务所作为…代理公司)."""
    found = [(strip_lead_in(_clean_department(m.group(1))), m.end()) for m in DEPARTMENT.finditer(text)]
    firms = {n for n, end in found if re.search(r"公司", text[end:end + 16])}
    return [n for n, _ in found if not any(f.endswith(n) or n.endswith(f) for f in firms)
            and not NOT_A_NAME.search(n)]


NOT_A_NAME = re.compile(r"工作(?!办公室|办|站|处|委员会)|情况|完成|督查|通报|进展")


def _clean_department(name: str) -> str:
    name = re.sub(r"[（(]挂[^）)]*牌子?[）)]", "", name)
    name = re.sub(r"^(?:年度?|月份?|日)", "", name)  # the tail of a date printed before it (2023年区征收办)
    return re.sub(r"^(?:关于|根据|按照|经|由|对|向|与|和|及|是|为|在)", "", name)


def find_department(head: str, body: str, place: Place) -> tuple[str | None, str | None]:
    """(department as the text names it, department kind): the relocation agency — its fullest
    printed form, short forms (区征收办) kept as printed —, else another body doing the work."""
    text = _placeholders(head + "\n" + body)
    name = _agency(head, text, place)
    if name is None:
        name = other_body(_placeholders(body), place.district)
    return name, department_kind(name) if name else "other"


def _placeholders(text: str) -> str:
    return re.sub(r"([xX×]{2}|某某)\s+(?=[县市区])", r"\1", text)  # XX 县国土资源局


def _agency(head: str, text: str, place: Place) -> str | None:
    candidates = agency_names(text)
    district = place.district
    short = next((d.short_name for d in divisions() if d.district == district and d.short_name), None) \
        if district else None
    own = [c.replace(short, district) if short and district not in c else c
           for c in candidates if district and (district in c or (short and short in c))] or candidates
    # a body with two names (…储备中心（挂…土地房屋征收中心牌子）): the relocation name is the one we want
    hung = [c for m in HUNG_NAME.finditer(text) if district and district in (c := m.group(1))
            and re.search(r"征收|征地|拆迁", c) and not RELOCATION.search(_name_before(text, m.start()))]
    # … and its fuller printed forms (长沙市… before the name in the remark)
    hung += [c for c in candidates if any(c.endswith(h) and c != h for h in hung)]
    own = hung or own
    declared = {m.group(1).strip() for m in SHORT_DECLARED.finditer(text)}
    own = [c for c in own if c not in declared] or own
    if not own:
        return None

    def core(name: str) -> str:
        return name.split(district, 1)[1] if district and district in name else re.sub(r"^[区县市]", "", name)

    cores = Counter(core(c) for c in own if len(core(c)) >= 2)
    if not cores:
        return None
    title = "\n".join(head.split("\n")[:4])
    in_title = [k for k in cores if k in title] or list(cores)
    fuller = [k for k in cores if any(k.endswith(t) for t in in_title)]
    best = max(fuller, key=lambda k: (len(k), cores[k]))
    # as the text names it, in its fullest printed form (city first when printed so); the warehouse,
    # not the reading, makes one department of its printed forms (raw.department_identity)
    return max((c for c in own if core(c) == best), key=len)


RELOCATION = re.compile(r"征收|征地|拆迁|征拆|征迁")


def _name_before(text: str, end: int) -> str:
    """The agency name that ends where a （挂…牌子） remark starts."""
    window = text[max(0, end - 60):end]
    names = [m.group(1) for m in DEPARTMENT.finditer(window) if m.end() == len(window)]
    return names[-1] if names else ""


KIND_RULES: tuple[tuple[str, re.Pattern], ...] = (
    ("other", re.compile(r"储备|收储|指挥部|房管|住建|自然资源|国土|人民政府(?:[(（].*[)）])?$|街道$|镇$|乡$|重大办|重点办|规划")),
    ("house_expropriation", re.compile(r"土地(?:和)?房屋(?:拆迁)?征收|房屋征收|征收和补偿|征收与补偿|征收办|棚改|旧城改造|旧改")),
    ("land_acquisition", re.compile(r"征地|土地征收|征拆|征迁|集体土地|土地|拆迁")),
    ("house_expropriation", re.compile(r"征收")),
)


def department_kind(name: str) -> str:
    """house_expropriation for standing house-expropriation offices (土地房屋征收中心 and 棚改办
    too), land_acquisition for 征地 offices, other for reserve centres, bureaus, 指挥部, streets."""
    return next((kind for kind, p in KIND_RULES if p.search(name)), "other")
