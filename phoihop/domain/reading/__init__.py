"""Reading a procedural decision from the agencies' own documents.

Text in (a .docx's paragraphs, a PDF's text layer, a scan's OCR), fields out, each with
a confidence and the span of text it came from, for the user to confirm before anything
is recorded. The rules know the layout the official forms share (the Ministry of Public
Security's forms of Thông tư 119/2021/TT-BCA, the Supreme People's Procuracy's of Quyết
định 15/QĐ-VKSTC of 2018, the courts' of Nghị quyết 05/2017/NQ-HĐTP, all in the
document format of Nghị định 30/2020/NĐ-CP): the issuing body's header, "Số: …", the
place and date, the title naming the decision, "Căn cứ …" lines, the persons and the
articles charged. Standard library only. ``issuer_match`` names which of the bodies a
caller gives (the recorder and the bodies it succeeded, read from the registry by the
caller) the header names; matching the persons against the case's is the caller's.
"""

from phoihop.domain.reading.decision import read_decision
from phoihop.domain.reading.doubts import doubted
from phoihop.domain.reading.model import ChargeRead, PersonRead, ReadDecision, ReadField

__all__ = ["ChargeRead", "PersonRead", "ReadDecision", "ReadField", "doubted", "read_decision"]
