"""Emergency line: the number people call comes from `mkdocs.yml` `extra.emergency`
and nowhere else, so a site for another country changes one setting. The crisis
line for thoughts of suicide or self-harm comes the same way from `extra.crisis`
(`{{ crisis.number }}`, `{{ crisis_call() }}`).

The banner itself is drawn by the theme (overrides/main.html includes
partials/emergency-banner.html on every page); pages use the `emergency`
variable or the `emergency_call()` macro so no number is ever typed by hand.
The care words of the same region (`extra.emergency.words`: "urgent care center",
"emergency room") sit beside the number, so changing country changes them too.
"""
from __future__ import annotations

from pydantic import ConfigDict, Field, model_validator

from .text import Model, PlainText


class Phone(Model):
    model_config = ConfigDict(extra="forbid")
    number: str = Field(pattern=r"^[0-9]{2,4}$", description="What people dial, digits only.")
    name: PlainText = Field(description='How the service is called in speech, e.g. "911" or "NHS 111".')


class CareWords(Model):
    """The names of the places to go, as readers in the number's region say them.
    They change with the number: a site for the UK says "A&E" and "urgent treatment centre"."""
    model_config = ConfigDict(extra="forbid")
    emergency_room: PlainText = Field(description='Where to go in an emergency, e.g. "emergency room" (US) or "A&E" (UK).')
    urgent_care: PlainText = Field(
        description='Where to go the same day without an appointment, e.g. "urgent care center" (US) or '
                    '"urgent treatment centre" (UK).')


class EmergencyConfig(Model):
    model_config = ConfigDict(extra="forbid")
    number: str = Field(pattern=r"^[0-9]{2,4}$", description="The emergency number, digits only.")
    region: PlainText = Field(description="Where this number works, e.g. 'the US and Canada'.")
    elsewhere: PlainText = Field(
        description="One short line for readers elsewhere, e.g. 'Not in the US? Call your local emergency number.'")
    words: CareWords = Field(description="The care words of this region; change them with the number. "
                             "Pages write {{ emergency.words.urgent_care }}, templates emergency.words.urgent_care.")
    non_emergency: Phone | None = Field(
        default=None, description="An urgent but not life-threatening line, if the region has one (e.g. NHS 111).")


def load(extra: dict) -> EmergencyConfig:
    from .data import load_extra
    return load_extra(extra, "emergency", EmergencyConfig, "the site cannot show an emergency number")


def macros(site, env):
    # Component templates can say emergency.number and emergency.words.* too.
    site.renderer.env.globals.setdefault("emergency", site.emergency)

    def emergency_call(text: str | None = None):
        """A tap-to-call link for the configured emergency number."""
        return site.renderer.render("emergency-call.html", emergency=site.emergency, text=text)

    def crisis_call(text: str | None = None):
        """A tap-to-call link for the configured crisis line, with the line for readers elsewhere."""
        return site.renderer.render("crisis-call.html", crisis=env.variables["crisis"], text=text)

    return {"emergency_call": emergency_call, "crisis_call": crisis_call}


class CrisisConfig(Model):
    """The crisis line for thoughts of suicide or self-harm (988 in the US)."""
    model_config = ConfigDict(extra="forbid")
    number: str = Field(pattern=r"^[0-9]{2,6}$", description="What people call or text, digits only.")
    name: PlainText = Field(description='The service\'s name, e.g. "the 988 Suicide and Crisis Lifeline".')
    region: PlainText = Field(description="Where this line works, e.g. 'the US'.")
    how: PlainText = Field(description='How to reach it, e.g. "Call or text 988". It must contain the number.')
    elsewhere: PlainText = Field(
        description="One short line for readers elsewhere, e.g. 'Not in the US? Call your local emergency number.'")

    @model_validator(mode="after")
    def _how_names_the_number(self):
        if self.number not in self.how:
            raise ValueError(f'`how` must contain the number {self.number} (found: {self.how!r})')
        return self


def load_crisis(extra: dict) -> CrisisConfig:
    from .data import load_extra
    return load_extra(extra, "crisis", CrisisConfig, "pages that mention self-harm cannot show a crisis line")
