from marsad.config import DedupSettings
from marsad.dedup.minhash import DuplicateFinder, fingerprint

WIRE = (
    "أعلنت وزارة النقل في مدينة الواحة أن حريقاً اندلع فجر الثلاثاء في مستودع للبضائع بالميناء التجاري، "
    "وأن فرق الدفاع المدني تمكنت من السيطرة عليه بعد أربع ساعات من العمل المتواصل. وقال مدير الميناء إن "
    "الحريق أتى على نحو 6500 طن من الأرز والسكر المخزنين منذ أسابيع، وإن الخسائر الأولية تقدر بملايين "
    "الدولارات. وأضاف أن لجنة فنية شكلت للتحقيق في أسباب الحريق وستقدم تقريرها خلال أسبوع، مؤكداً أن "
    "حركة السفن لم تتأثر وأن العمل في الأرصفة الأخرى استمر بشكل طبيعي طوال اليوم."
)
# The same wire copy, with spelling variants, one outlet's own opening, the last sentence trimmed.
COPY = (
    "الواحة - موقع المدار: اعلنت وزارة النقل في مدينة الواحة ان حريقا اندلع فجر الثلاثاء في مستودع للبضائع بالميناء التجاري، "
    "وان فرق الدفاع المدني تمكنت من السيطرة عليه بعد اربع ساعات من العمل المتواصل. وقال مدير الميناء ان "
    "الحريق اتى على نحو 6500 طن من الارز والسكر المخزنين منذ اسابيع، وان الخسائر الاولية تقدر بملايين "
    "الدولارات. واضاف ان لجنة فنية شكلت للتحقيق في اسباب الحريق وستقدم تقريرها خلال اسبوع."
)
# Same event, written independently: not a copy.
OTHER = (
    "التهمت النيران فجر الثلاثاء مستودعاً في ميناء الواحة، ما أدى إلى إتلاف آلاف الأطنان من المواد الغذائية. "
    "وأكدت مصادر في الدفاع المدني أن رجال الإطفاء احتاجوا ساعات عدة لإخماد الحريق، فيما فتحت السلطات تحقيقاً "
    "لمعرفة ملابساته. وأشار شهود عيان إلى سماع دوي انفجار قبل اندلاع النيران بدقائق، بينما نفت إدارة الميناء "
    "وجود مواد قابلة للاشتعال في المستودع. ويعد الميناء من أكبر موانئ المنطقة ويستقبل عشرات السفن أسبوعياً."
)


def test_exact_copy_with_other_spellings_and_near_copy_are_folded_but_an_independent_report_is_not() -> None:
    settings = DedupSettings()
    finder = DuplicateFinder(settings)
    assert finder.add("wire", fingerprint(WIRE, settings)) is None
    assert finder.add("exact", fingerprint(WIRE.replace("الثلاثاء", "الثلاثاء"), settings)) == "wire"
    assert finder.add("copy", fingerprint(COPY, settings)) == "wire"
    assert finder.add("other", fingerprint(OTHER, settings)) is None
    # A copy of a copy points to the first canonical article.
    assert finder.add("copy2", fingerprint(COPY, settings)) == "wire"


def test_normalised_text_hash_ignores_diacritics_and_alef_forms() -> None:
    s = DedupSettings()
    assert fingerprint("أعلنَ الوزيرُ إغلاقَ الميناء مؤقتاً", s).exact == fingerprint("اعلن الوزير اغلاق الميناء مؤقتا", s).exact


def test_fingerprints_are_stable_across_runs() -> None:
    s = DedupSettings()
    assert fingerprint(WIRE, s).signature.tolist() == fingerprint(WIRE, s).signature.tolist()
    assert int(fingerprint(WIRE, s).signature[0]) == int(fingerprint(WIRE, DedupSettings()).signature[0])
