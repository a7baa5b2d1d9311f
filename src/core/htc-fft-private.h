/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* FFTW's planner is not thread-safe; only fftwf_execute* is. Every plan creation and
 * destruction in the core goes through this one lock. */
void _htc_fft_planner_lock   (void);
void _htc_fft_planner_unlock (void);
