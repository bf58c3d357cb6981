// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/idlewatcher.h"

#include <QDateTime>
#include <QEvent>
#include <QTimer>

namespace benchside {

IdleWatcher::IdleWatcher(QObject *parent, Clock clock)
    : QObject(parent), m_clock(std::move(clock)), m_timer(new QTimer(this))
{
    m_lock.activity(now());
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &IdleWatcher::check);
    m_timer->start();
}

qint64 IdleWatcher::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

void IdleWatcher::activity()
{
    m_lock.activity(now());
}

void IdleWatcher::check()
{
    if (m_lock.due(now()))
        emit idle();
}

bool IdleWatcher::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        activity();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace benchside
