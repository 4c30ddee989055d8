export declare const CHROMIUM_PATH: string;
export declare const HEADLESS_CHROMIUM_ARGS: readonly string[];
export declare const FAKE_CAMERA_ARGS: readonly string[];
