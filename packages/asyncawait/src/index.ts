// placeholder: replaced by the model's public API
export {};
