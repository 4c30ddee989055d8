import { createContext } from 'svelte';
import type { KioskSettings } from './kiosk-settings.svelte';
import type { MirrorStage } from './mirror-stage.svelte';
import type { TryOnSession } from './try-on-session.svelte';
import type { ShopperAssist } from './shopper-assist.svelte';

/**
 * The mirror's small contexts (STYLE.md §9): App provides the kiosk's settings; Mirror provides its three
 * controllers to the panels under it. Each getter throws when its provider is missing.
 */
export const [kioskContext, provideKiosk] = createContext<KioskSettings>();
export const [stageContext, provideStage] = createContext<MirrorStage>();
export const [tryOnContext, provideTryOn] = createContext<TryOnSession>();
export const [assistContext, provideAssist] = createContext<ShopperAssist>();
