// Types of the build script, for the test that checks the committed validators are current.
export declare const VALIDATOR_FILES: Record<'2.0' | '3.0' | '3.1', string>;
export declare function generateValidators(): Record<'2.0' | '3.0' | '3.1', string>;
