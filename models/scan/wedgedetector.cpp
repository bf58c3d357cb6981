// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/wedgedetector.h"

#include <utility>

namespace benchside {

namespace {
// Callers replay Deliver actions key by key, so adjacent ones are merged to keep the list short.
void deliver(QList<WedgeAction> &actions, const QList<WedgeKey> &keys)
{
    if (keys.isEmpty())
        return;
    if (!actions.isEmpty() && actions.back().type == WedgeAction::Type::Deliver) {
        actions.back().keys += keys;
        return;
    }
    actions.append({WedgeAction::Type::Deliver, keys, {}});
}
} // namespace

WedgeDetector::WedgeDetector(WedgeSettings settings) : m_settings(std::move(settings)) {}

QList<WedgeAction> WedgeDetector::feed(const WedgeKey &key, qint64 ms)
{
    QList<WedgeAction> actions = expire(ms);
    switch (key.type) {
    case WedgeKey::Type::Text:
        m_held.append(key);
        m_lastTextMs = ms;
        break;
    case WedgeKey::Type::Modifier:
        if (m_held.isEmpty())
            deliver(actions, {key});
        else
            m_held.append(key);
        break;
    case WedgeKey::Type::Enter:
    case WedgeKey::Type::Tab:
        if (!m_held.isEmpty() && isSuffix(key.type)) {
            m_held.append(key);
            endBurst(End::Suffix, actions);
            break;
        }
        // A suffix the scanner is not configured to send ends the burst like any other key.
        [[fallthrough]];
    case WedgeKey::Type::Other:
        if (!m_held.isEmpty())
            endBurst(End::Gap, actions);
        deliver(actions, {key});
        break;
    }
    return actions;
}

QList<WedgeAction> WedgeDetector::expire(qint64 nowMs)
{
    QList<WedgeAction> actions;
    if (!m_held.isEmpty() && nowMs - m_lastTextMs >= m_settings.maxGapMs)
        endBurst(End::Gap, actions);
    return actions;
}

QList<WedgeAction> WedgeDetector::finish()
{
    QList<WedgeAction> actions;
    if (!m_held.isEmpty())
        endBurst(End::Gap, actions);
    return actions;
}

std::optional<qint64> WedgeDetector::deadline() const
{
    if (m_held.isEmpty())
        return std::nullopt;
    return m_lastTextMs + m_settings.maxGapMs;
}

void WedgeDetector::endBurst(End how, QList<WedgeAction> &actions)
{
    const QString text = heldText();
    const QString &prefix = m_settings.prefix;
    const bool hasPrefix = prefix.isEmpty() || text.startsWith(prefix);
    const QString code = hasPrefix ? text.mid(prefix.size()) : QString();
    QList<WedgeKey> keys = std::exchange(m_held, {});

    if (!hasPrefix || code.size() < m_settings.minLength) {
        deliver(actions, keys);
        return;
    }
    if (how == End::Suffix || m_settings.suffix == WedgeSettings::Suffix::None) {
        actions.append({WedgeAction::Type::Scan, std::move(keys), code});
        return;
    }
    // Delivering the burst instead would type most of a code into whatever field has focus.
    actions.append({WedgeAction::Type::Incomplete, std::move(keys), code});
}

bool WedgeDetector::isSuffix(WedgeKey::Type type) const
{
    switch (m_settings.suffix) {
    case WedgeSettings::Suffix::Enter:
        return type == WedgeKey::Type::Enter;
    case WedgeSettings::Suffix::Tab:
        return type == WedgeKey::Type::Tab;
    case WedgeSettings::Suffix::EnterOrTab:
        return type == WedgeKey::Type::Enter || type == WedgeKey::Type::Tab;
    case WedgeSettings::Suffix::None:
        return false;
    }
    return false;
}

QString WedgeDetector::heldText() const
{
    QString text;
    for (const WedgeKey &key : m_held) {
        if (key.type == WedgeKey::Type::Text)
            text += key.ch;
    }
    return text;
}

} // namespace benchside
