/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

extern const float _htc_colormap_magma[256][3];
extern const float _htc_colormap_inferno[256][3];
extern const float _htc_colormap_viridis[256][3];
extern const float _htc_colormap_cividis[256][3];
