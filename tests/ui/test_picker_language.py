"""The picker and languages: it lists your preferred language's sessions first, then
English ones (the fallback); F6 steps through the other languages, then every language;
each script's language is shown beside its title and in the preview."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from mindful_tui.core.storage import user_settings
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.ui.app import MindfulApp
from mindful_tui.ui.screens.picker import PickerScreen
from mindful_tui.ui.widgets.plan_preview import PlanPreview
from tests.ui.test_picker import SIZE, listed


def names(screen: PickerScreen, group: str) -> list[str]:
    return [i.split(":", 1)[1] for i in listed(screen) if i.startswith(f"{group}:")]


async def test_english_by_default_and_f6_steps_through_the_languages() -> None:
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        assert screen.language == "en"
        before = names(screen, "before")
        assert "reset" in before and "reset-de" not in before and "reset-fr" not in before
        assert "English (F6)" in str(screen.query_one("#filter", Static).visual)
        assert screen.languages() == ["en", "de", "es", "fr", None]

        await pilot.press("f6")
        assert screen.language == "de"
        before = names(screen, "before")
        assert before[:2] == ["reset-de", "body-scan-de"]  # German first, shortest first
        assert "reset" in before and "reset-fr" not in before  # then English
        assert "Deutsch (F6)" in str(screen.query_one("#filter", Static).visual)
        option = screen.query_one(OptionList).get_option_at_index(1)
        assert "Zur Ruhe kommen (de)" in str(option.prompt)
        preview = str(screen.query_one(PlanPreview).visual)
        assert "Zur Ruhe kommen" in preview and "Deutsch (de)" in preview

        for _ in range(3):
            await pilot.press("f6")
        assert screen.language is None
        assert {"reset", "reset-de", "reset-es", "reset-fr"} <= set(names(screen, "before"))
        assert "every language (F6)" in str(screen.query_one("#filter", Static).visual)
        await pilot.press("f6")
        assert screen.language == "en"


async def test_the_preferred_language_setting_lists_its_sessions_first() -> None:
    user_settings.save(Settings(language="fr"))
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        assert screen.language == "fr"
        assert names(screen, "before")[:2] == ["reset-fr", "body-scan-fr"]
        assert "reset" in names(screen, "before")
        assert screen.chosen is not None and screen.chosen.entry.name == "reset-fr"
        await pilot.press("enter")
        await pilot.pause()
        assert app.player is not None and app.player.timeline.language == "fr"
